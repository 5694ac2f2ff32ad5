package io.buddybork.hub.tag;

import io.buddybork.hub.db.Sql;
import io.buddybork.hub.problem.DatabaseFailures;
import io.buddybork.hub.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of the tags (table {@code tag}) through {@link Sql}, with the two changes a tag makes to
 * its annotations (moved by a merge, deleted with the tag): the annotations point at the tag, and
 * {@code annotate} depends on {@code tag}, not the other way. Runs in {@link TagService}'s
 * transactions. A failure is a problem (503 when the database is unreachable, else 500); a name
 * that another tag took meanwhile (unique violation, SQLState 23505) is the same 409
 * {@code tag-exists} the service's own check answers. Blocking; thread-safe (stateless).
 */
@ApplicationScoped
public class TagRepository {

    /** SQLState {@code unique_violation}. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final Sql sql;

    TagRepository(Sql sql) {
        this.sql = sql;
    }

    /** Every tag with its number of annotations, in creation order (the order of the ids). */
    public List<TagView> listWithUsage() {
        try {
            return sql.list("""
                    select t.id, t.name, coalesce(a.n, 0)
                    from tag t left join (select tag_id, count(*) n from annot group by tag_id) a on a.tag_id = t.id
                    order by t.id""", rs -> new TagView(rs.getLong(1), rs.getString(2), rs.getLong(3)));
        } catch (SQLException e) {
            throw DatabaseFailures.problem("list tags", e);
        }
    }

    /** The tag with this id, if any. */
    public Optional<Tag> find(long id) {
        try {
            return sql.first("select id, name from tag where id = ?", TagRepository::tag, id);
        } catch (SQLException e) {
            throw DatabaseFailures.problem("read a tag", e);
        }
    }

    /** Whether a tag other than {@code exceptId} (-1: none) has this name in any case. */
    public boolean nameTaken(String name, long exceptId) {
        try {
            return sql.exists("select 1 from tag where lower(name) = lower(?) and id <> ?", name, exceptId);
        } catch (SQLException e) {
            throw DatabaseFailures.problem("read tags", e);
        }
    }

    /** Stores a new tag (created now). */
    public Tag insert(String name) {
        try {
            return sql.first("insert into tag (name) values (?) returning id, name", TagRepository::tag, name)
                    .orElseThrow();
        } catch (SQLException e) {
            throw failure("create a tag", name, e);
        }
    }

    /** Renames the tag. */
    public void rename(long id, String name) {
        try {
            sql.update("update tag set name = ? where id = ?", name, id);
        } catch (SQLException e) {
            throw failure("rename a tag", name, e);
        }
    }

    /** Deletes the tag (it must have no annotations left). */
    public void delete(long id) {
        try {
            sql.update("delete from tag where id = ?", id);
        } catch (SQLException e) {
            throw DatabaseFailures.problem("delete a tag", e);
        }
    }

    /** The number of annotations with this tag. */
    public long usage(long id) {
        try {
            return sql.count("select count(*) from annot where tag_id = ?", id);
        } catch (SQLException e) {
            throw DatabaseFailures.problem("count annotations", e);
        }
    }

    /** Gives every annotation of tag {@code from} the tag {@code into}; how many moved. */
    public int moveAnnotations(long from, long into) {
        try {
            return sql.update("update annot set tag_id = ? where tag_id = ?", into, from);
        } catch (SQLException e) {
            throw DatabaseFailures.problem("move annotations", e);
        }
    }

    /** Deletes every annotation of the tag; how many. */
    public int deleteAnnotations(long id) {
        try {
            return sql.update("delete from annot where tag_id = ?", id);
        } catch (SQLException e) {
            throw DatabaseFailures.problem("delete annotations", e);
        }
    }

    private static ProblemException failure(String doing, String name, SQLException e) {
        if (UNIQUE_VIOLATION.equals(e.getSQLState())) { // only tag.name is unique besides the id
            return ProblemException.conflict("tag-exists", "a tag named '" + name + "' exists already");
        }
        return DatabaseFailures.problem(doing, e);
    }

    private static Tag tag(ResultSet rs) throws SQLException {
        return new Tag(rs.getLong(1), rs.getString(2));
    }
}
