package io.buddybork.hub.ingest;

import static io.buddybork.hub.testing.HubApi.createDevice;
import static io.buddybork.hub.testing.HubApi.nextStart;
import static io.buddybork.hub.testing.HubApi.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.buddybork.hub.testing.Db;
import io.buddybork.hub.testing.HubApi.Device;
import io.buddybork.hub.testing.TestWavs;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SegmentStoredEventTest {

    /** Records events and whether the row was already visible to another connection (no client proxy: fields are read). */
    @Singleton
    static class Recorder {
        final List<SegmentStored> sync = new CopyOnWriteArrayList<>();
        final List<SegmentStored> async = new CopyOnWriteArrayList<>();
        final List<Long> rowsVisibleAtEvent = new CopyOnWriteArrayList<>();

        @Inject
        AgroalDataSource ds;

        void onStored(@Observes SegmentStored event) {
            rowsVisibleAtEvent.add(Db.queryLong(ds, "select count(*) from raw where id = ?", event.rawId()));
            sync.add(event);
        }

        void onStoredAsync(@ObservesAsync SegmentStored event) {
            async.add(event);
        }
    }

    @Inject
    Recorder recorder;

    @Test
    void newSegmentIsAnnouncedOnceAfterCommitAndDuplicatesAreNot() throws Exception {
        Device d = createDevice("events");
        long start = nextStart();
        byte[] wav = TestWavs.segment(3000, 5555, 5);
        long id = upload(d.token(), start, wav)
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
        upload(d.token(), start, wav).then().statusCode(200);

        List<SegmentStored> mine =
                recorder.sync.stream().filter(e -> e.deviceId() == d.id()).toList();
        assertThat(mine).containsExactly(new SegmentStored(id, d.id(), start, 5555, 3000));
        int index = recorder.sync.indexOf(mine.get(0));
        assertThat(recorder.rowsVisibleAtEvent.get(index))
                .as("row committed before the event")
                .isEqualTo(1);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> recorder.async.stream().anyMatch(e -> e.rawId() == id));
        assertThat(recorder.async.stream().filter(e -> e.deviceId() == d.id())).hasSize(1);
    }
}
