package io.buddybork.hub.tag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.buddybork.hub.problem.ProblemException;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The tag table's rules as the database keeps them, past the service's own checks. */
@QuarkusTest
class TagRepositoryTest {

    @Inject
    TagRepository tags;

    @Test
    void aNameTakenMeanwhileIsTheSameConflictTheServiceAnswers() {
        String name = "raced-" + System.nanoTime();
        Tag first = tags.insert(name);

        // what a second hub's create does when it checked the name before the first one committed
        assertThatThrownBy(() -> tags.insert(name)).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.problem().status()).isEqualTo(409);
            assertThat(e.problem().code()).isEqualTo("tag-exists");
        });
        Tag other = tags.insert(name + "-other");
        assertThatThrownBy(() -> tags.rename(other.id(), name))
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        e -> assertThat(e.problem().code()).isEqualTo("tag-exists"));
        assertThat(tags.find(first.id())).contains(first);
    }

    @Test
    void namesAreTakenRegardlessOfCaseExceptByTheTagItself() {
        Tag tag = tags.insert("Case-" + System.nanoTime());

        assertThat(tags.nameTaken(tag.name().toUpperCase(), -1)).isTrue();
        assertThat(tags.nameTaken(tag.name().toLowerCase(), tag.id())).isFalse();
    }
}
