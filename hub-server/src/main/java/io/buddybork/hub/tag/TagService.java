package io.buddybork.hub.tag;

import io.buddybork.hub.problem.ProblemException;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Owns tags and their rules: names are 1-64 characters, trimmed, unique ignoring case; a tag in
 * use is deleted only together with its annotations when the caller asks for it explicitly; a
 * merge moves every annotation and removes the merged tag. Each method is one transaction, so a
 * failed call changes nothing.
 */
@ApplicationScoped
public class TagService {
    /** Longest tag name. */
    public static final int MAX_NAME = 64;

    private final EntityManager em;

    TagService(EntityManager em) {
        this.em = em;
    }

    /** All tags in creation order (the order of the number keys), with usage counts. */
    @Transactional
    public List<TagView> list() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                select t.id, t.name, coalesce(a.n, 0)
                from tag t left join (select tag_id, count(*) n from annot group by tag_id) a on a.tag_id = t.id
                order by t.id""").getResultList();
        return rows.stream()
                .map(r -> new TagView(((Number) r[0]).longValue(), (String) r[1], ((Number) r[2]).longValue()))
                .toList();
    }

    /** One tag with its usage count. */
    @Transactional
    public TagView get(long id) {
        Tag tag = require(id);
        return view(tag);
    }

    /** Creates a tag. */
    @Transactional
    public TagView create(String rawName) {
        String name = validName(rawName);
        requireFree(name, null);
        Tag tag = new Tag();
        tag.name = name;
        tag.created = OffsetDateTime.now(ZoneOffset.UTC);
        tag.persist();
        return new TagView(tag.id, tag.name, 0);
    }

    /** Renames a tag; its annotations follow. */
    @Transactional
    public TagView rename(long id, String rawName) {
        String name = validName(rawName);
        Tag tag = require(id);
        requireFree(name, id);
        tag.name = name;
        return view(tag);
    }

    /** Moves every annotation of {@code id} to {@code into} and deletes {@code id}. */
    @Transactional
    public TagRequests.Outcome merge(long id, long into) {
        if (into == id) {
            throw ProblemException.badRequest("merge-into-itself", "a tag cannot be merged into itself");
        }
        Tag source = require(id);
        require(into);
        int moved = em.createNativeQuery("update annot set tag_id = ?1 where tag_id = ?2")
                .setParameter(1, into)
                .setParameter(2, id)
                .executeUpdate();
        source.delete();
        return new TagRequests.Outcome(into, moved);
    }

    /**
     * Deletes a tag. A tag in use is refused (409 tag-in-use) unless {@code withAnnotations} is
     * true, in which case its annotations are deleted with it.
     */
    @Transactional
    public TagRequests.Outcome delete(long id, boolean withAnnotations) {
        Tag tag = require(id);
        long used = usage(id);
        if (used > 0 && !withAnnotations) {
            throw ProblemException.conflict(
                    "tag-in-use",
                    "tag '" + tag.name + "' labels " + used
                            + " annotation(s); delete them too (cascade=true) or merge the tag into another one");
        }
        int deleted = em.createNativeQuery("delete from annot where tag_id = ?1")
                .setParameter(1, id)
                .executeUpdate();
        tag.delete();
        return new TagRequests.Outcome(id, deleted);
    }

    /** The tag with {@code id} or a 404 problem. */
    @Transactional
    public Tag require(long id) {
        Tag tag = Tag.findById(id);
        if (tag == null) {
            throw ProblemException.notFound("unknown-tag", "no tag with id " + id);
        }
        return tag;
    }

    private TagView view(Tag tag) {
        return new TagView(tag.id, tag.name, usage(tag.id));
    }

    private long usage(long id) {
        return ((Number) em.createNativeQuery("select count(*) from annot where tag_id = ?1")
                        .setParameter(1, id)
                        .getSingleResult())
                .longValue();
    }

    /**
     * The name a tag gets from {@code raw}: stripped, 1 to {@value #MAX_NAME} characters, no
     * control characters. The one rule for every way a tag is named (API, model import).
     *
     * @throws ProblemException 400 {@code invalid-tag-name}
     */
    public static String validName(String raw) {
        String name = raw == null ? "" : raw.strip();
        if (name.isEmpty() || name.length() > MAX_NAME) {
            throw ProblemException.badRequest("invalid-tag-name", "a tag name is 1 to " + MAX_NAME + " characters");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw ProblemException.badRequest("invalid-tag-name", "a tag name cannot contain control characters");
        }
        return name;
    }

    private void requireFree(String name, Long except) {
        List<Tag> same = Tag.list("lower(name) = lower(?1)", Sort.by("id"), name);
        if (same.stream().anyMatch(t -> !t.id.equals(except))) {
            throw ProblemException.conflict("tag-exists", "a tag named '" + name + "' exists already");
        }
    }
}
