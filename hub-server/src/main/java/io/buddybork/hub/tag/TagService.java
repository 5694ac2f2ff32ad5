package io.buddybork.hub.tag;

import io.buddybork.hub.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
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

    private final TagRepository repository;

    TagService(TagRepository repository) {
        this.repository = repository;
    }

    /** All tags in creation order (the order of the number keys), with usage counts. */
    @Transactional
    public List<TagView> list() {
        return repository.listWithUsage();
    }

    /** One tag with its usage count. */
    @Transactional
    public TagView get(long id) {
        return view(require(id));
    }

    /** Creates a tag. */
    @Transactional
    public TagView create(String rawName) {
        String name = validName(rawName);
        requireFree(name, -1);
        Tag tag = repository.insert(name);
        return new TagView(tag.id(), tag.name(), 0);
    }

    /** Renames a tag; its annotations follow. */
    @Transactional
    public TagView rename(long id, String rawName) {
        String name = validName(rawName);
        require(id);
        requireFree(name, id);
        repository.rename(id, name);
        return view(new Tag(id, name));
    }

    /** Moves every annotation of {@code id} to {@code into} and deletes {@code id}. */
    @Transactional
    public TagRequests.Outcome merge(long id, long into) {
        if (into == id) {
            throw ProblemException.badRequest("merge-into-itself", "a tag cannot be merged into itself");
        }
        require(id);
        require(into);
        int moved = repository.moveAnnotations(id, into);
        repository.delete(id);
        return new TagRequests.Outcome(into, moved);
    }

    /**
     * Deletes a tag. A tag in use is refused (409 tag-in-use) unless {@code withAnnotations} is
     * true, in which case its annotations are deleted with it.
     */
    @Transactional
    public TagRequests.Outcome delete(long id, boolean withAnnotations) {
        Tag tag = require(id);
        long used = repository.usage(id);
        if (used > 0 && !withAnnotations) {
            throw ProblemException.conflict(
                    "tag-in-use",
                    "tag '" + tag.name() + "' labels " + used
                            + " annotation(s); delete them too (cascade=true) or merge the tag into another one");
        }
        int deleted = repository.deleteAnnotations(id);
        repository.delete(id);
        return new TagRequests.Outcome(id, deleted);
    }

    /** The tag with {@code id} or a 404 problem. */
    @Transactional
    public Tag require(long id) {
        return repository.find(id).orElseThrow(() -> ProblemException.notFound("unknown-tag", "no tag with id " + id));
    }

    private TagView view(Tag tag) {
        return new TagView(tag.id(), tag.name(), repository.usage(tag.id()));
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

    private void requireFree(String name, long except) {
        if (repository.nameTaken(name, except)) {
            throw ProblemException.conflict("tag-exists", "a tag named '" + name + "' exists already");
        }
    }
}
