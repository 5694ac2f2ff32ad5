package io.buddybork.hub.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.buddybork.hub.tag.TagService;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The mappings of {@link NotifyRepository} that carry nulls and derived values: a target without
 * a token, a tag's rule with quiet hours beside the default rule, a delivery recorded once per
 * episode and target, when an unfinished delivery is due, and the delivery log of one target.
 * Everything hangs off a disabled target and a fresh tag, removed at the end.
 */
@QuarkusTest
class NotifyRepositoryTest {

    @Inject
    NotifyRepository repository;

    @Inject
    NotifyService service;

    @Inject
    TagService tags;

    @Test
    void targetsRulesAndDeliveriesReadBackAsWritten() {
        String name = "repo-" + UUID.randomUUID().toString().substring(0, 8);
        long tagId = tags.create(name).id();
        long target = repository.insertTarget(name, "generic", "http://127.0.0.1:9/hook", null, false);
        try {
            assertThat(repository.target(target))
                    .contains(new NotifyRepository.Target(
                            target, name, "generic", "http://127.0.0.1:9/hook", null, false));
            assertThat(repository.tagExists(tagId)).isTrue();

            service.saveRule(tagId, new NotifyRequests.RuleBody(false, 60, "22:00", "06:30", 1500L, 0.25, true));
            service.saveRule(tagId, new NotifyRequests.RuleBody(true, 90, "23:00", "06:30", 1500L, 0.25, true));

            assertThat(repository.ruleFor(tagId))
                    .isEqualTo(new NotifyRule(tagId, name, true, 90, "23:00", "06:30", 1500, 0.25, true));
            assertThat(repository.rules().getFirst().tagId()).isNull(); // the default rule, first
            assertThat(repository.rules())
                    .filteredOn(r -> r.tagId() != null && r.tagId() == tagId)
                    .hasSize(1);

            long episode = -ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE); // no real episode has it
            long delivery = repository
                    .insertDelivery(target, episode, tagId, "episode", "{}")
                    .orElseThrow();
            assertThat(repository.insertDelivery(target, episode, tagId, "episode", "{}"))
                    .isEmpty();
            assertThat(repository.pushed(episode)).isTrue();
            long start = Episodes.START_MS;
            repository.countEpisode(episode, -1, tagId, start);
            // the cooldown's question, asked for another episode of the tag: a minute later is near
            // a pushed one within a two-minute window, three minutes later is not, nor is the episode itself
            assertThat(repository.pushedNear(tagId, episode - 1, start + 60_000, 120_000))
                    .isTrue();
            assertThat(repository.pushedNear(tagId, episode - 1, start - 60_000, 120_000))
                    .isTrue();
            assertThat(repository.pushedNear(tagId, episode - 1, start + 180_000, 120_000))
                    .isFalse();
            assertThat(repository.pushedNear(tagId, episode, start, 120_000)).isFalse();

            Instant next = Instant.ofEpochMilli(4_102_444_800_000L); // 2100: never due in this run
            repository.recordAttempt(delivery, "retrying", 1, "HTTP 503", next);

            assertThat(repository.unfinished()).contains(new NotifyRepository.Due(delivery, next.toEpochMilli()));
            assertThat(repository.deliveries(10, target)).singleElement().satisfies(d -> {
                assertThat(d.id()).isEqualTo(delivery);
                assertThat(d.target()).isEqualTo(name);
                assertThat(d.episodeId()).isEqualTo(episode);
                assertThat(d.lastError()).isEqualTo("HTTP 503");
                assertThat(d.nextTryMs()).isEqualTo(next.toEpochMilli());
            });

            repository.recordAttempt(delivery, "failed", 2, null, null);
            assertThat(repository.pending(delivery)).isEmpty();
            assertThat(repository.deliveries(10, target).getFirst().nextTryMs()).isNull();
        } finally {
            repository.deleteTarget(target);
            repository.deleteRule(tagId);
        }
    }
}
