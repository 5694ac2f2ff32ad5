-- User names are unique regardless of case: "alice" and "Alice" are one account (sign-in in any
-- case; the name keeps the spelling it was created with). Before this, two accounts could differ
-- only by case. They are not merged or renamed silently (which one is the person's?): the
-- migration stops with the names to resolve, and the hub does not start until an admin has
-- renamed or deleted all but one of each group (docs/operations.md, "User names").
do $$
declare
    clashes text;
begin
    select string_agg(names, '; ') into clashes from (
        select string_agg(username, ', ' order by username) as names
        from app_user group by lower(username) having count(*) > 1) groups;
    if clashes is not null then
        raise exception 'Buddybork: user names must be unique regardless of case, but these accounts differ only by case: %. Keep one of each group: rename the others (psql: update app_user set username = ''alice-2'' where username = ''Alice'';) or delete them, then start the hub again.', clashes;
    end if;
end
$$;

create unique index app_user_username_lower_key on app_user (lower(username));
