package io.buddybork.hub.ingest;

import static io.buddybork.hub.testing.HubApi.createDevice;
import static io.buddybork.hub.testing.HubApi.nextStart;
import static io.buddybork.hub.testing.HubApi.upload;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.buddybork.hub.testing.Db;
import io.buddybork.hub.testing.HubApi.Device;
import io.buddybork.hub.testing.TestWavs;
import io.buddybork.model.SegmentNames;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OrphanReconcilerTest {

    @Inject
    AgroalDataSource ds;

    @Inject
    OrphanReconciler reconciler;

    @ConfigProperty(name = "buddybork.data-dir")
    Path dataDir;

    @Test
    void fileWithoutRowIsIndexedStaleTempRemovedAndReuploadIsIdentical() throws Exception {
        Device d = createDevice("orphans");
        long start = nextStart();
        byte[] wav = TestWavs.segment(3000, 4321, 77);
        // what a crash between the durable rename and the commit leaves behind
        Path file = dataDir.resolve(SegmentNames.relativePath(d.id(), start));
        Files.createDirectories(file.getParent());
        Files.write(file, wav);
        Path staleTemp = file.resolveSibling("." + start + ".deadbeef-1.tmp");
        Files.write(staleTemp, new byte[] {1, 2, 3});
        Path undecodable = dataDir.resolve(SegmentNames.relativePath(d.id(), start + 3000));
        Files.write(undecodable, TestWavs.truncated());

        OrphanReconciler.Report report = reconciler.reconcile();

        assertThat(report.indexed()).isGreaterThanOrEqualTo(1);
        assertThat(staleTemp).doesNotExist();
        assertThat(undecodable).doesNotExist();
        assertThat(dataDir.resolve("quarantine").resolve(SegmentNames.relativePath(d.id(), start + 3000)))
                .exists();
        assertThat(Db.queryLong(ds, "select max_amp from raw where device_id = ?", d.id()))
                .isEqualTo(4321);
        // the device was never acknowledged; its retry now finds the identical segment
        upload(d.token(), start, wav).then().statusCode(200);
        assertThat(Db.rawRows(ds, d.id())).isEqualTo(1);
    }

    @Test
    void orphanOverlappingAStoredSegmentIsQuarantinedNotIndexed() throws Exception {
        Device d = createDevice("orphan-overlap");
        long start = nextStart();
        // stored through another hub after the crash left the orphan below
        upload(d.token(), start, TestWavs.segment(3000, 5000, 11)).then().statusCode(201);
        long orphanStart = start + 1000;
        Path orphan = dataDir.resolve(SegmentNames.relativePath(d.id(), orphanStart));
        Files.createDirectories(orphan.getParent());
        Files.write(orphan, TestWavs.segment(3000, 6000, 12));

        reconciler.reconcile();

        assertThat(Db.rawRows(ds, d.id()))
                .as("only the uploaded segment is indexed")
                .isEqualTo(1);
        assertThat(orphan).doesNotExist();
        assertThat(dataDir.resolve("quarantine").resolve(SegmentNames.relativePath(d.id(), orphanStart)))
                .exists();
    }
}
