-- Login throttle state shared by every hub on this database (auth/LoginRateLimiter): one row per
-- throttle key, 'u:<user>', 'a:<address>', 'c:<address>|<user>' or 'd:<nonce>|<user>'.
-- Unlogged: a crash empties it, which only forgets counts (as a restart of one hub always did) and
-- favours the owner; in return a sign-in's commit waits for no WAL flush.
create unlogged table login_throttle (
    key         text primary key,
    -- attempts counted until window_end; past it the key starts afresh
    attempts    integer not null default 0,
    window_end  timestamptz,
    -- clients and addresses: no attempt before this instant
    not_before  timestamptz,
    -- user names: the slot of the next slowed-down attempt
    next_slot   timestamptz,
    -- clients: exempt from the per-user slowdown until this instant (it signed in before)
    known_until timestamptz
);
