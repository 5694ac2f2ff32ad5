package io.buddybork.hub.detect;

import static io.buddybork.hub.testing.HubApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.agroal.api.AgroalDataSource;
import io.buddybork.hub.ingest.SegmentFiles;
import io.buddybork.hub.model.ModelService;
import io.buddybork.hub.testing.Db;
import io.buddybork.hub.testing.HubApi;
import io.buddybork.hub.web.BrowserSupport;
import io.buddybork.model.testaudio.SyntheticSounds;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The dashboard's detections with history in the database, in Debian's Chromium: while a freshly
 * activated model catches up, the panel says so; the owner's earlier (and labelled) recordings
 * neither count as today's detections nor ask for review, and show only when asked for, marked
 * as history; the latest list filters by device and tag, shows unknown sounds on request, pages
 * back with "More", and an older false alarm found that way can be rejected. Screenshots:
 * {@code target/screenshots/dashboard-catch-up.png}, {@code dashboard-history.png}.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardHistoryBrowserTest {
    private static final Path SHOTS = Path.of("target", "screenshots");
    private static final Duration WAIT = Duration.ofMillis((long) BrowserSupport.WAIT_MS);

    @TestHTTPResource("/")
    URL base;

    @Inject
    AgroalDataSource ds;

    @Inject
    SegmentFiles files;

    @Inject
    ModelService library;

    private BrowserSupport chromium;
    private Browser browser;

    @BeforeAll
    void launch() throws Exception {
        Files.createDirectories(SHOTS);
        chromium = BrowserSupport.start();
        browser = chromium.browser();
    }

    @AfterAll
    void close() { // RestAssured no longer knows the port here: through the library itself
        library.activate(null);
        if (chromium != null) {
            chromium.close();
        }
    }

    private Page signedIn() {
        Page page = browser.newContext(new Browser.NewContextOptions()
                        .setBaseURL(base.toString())
                        .setViewportSize(1360, 1400)
                        .setLocale("en-GB"))
                .newPage();
        page.setDefaultTimeout(BrowserSupport.WAIT_MS);
        page.navigate("/");
        page.fill("#username", HubApi.ADMIN);
        page.fill("#password", HubApi.ADMIN_PASSWORD);
        page.click("button[type=submit]");
        page.waitForURL("**/");
        return page;
    }

    private long newModel(String name) {
        return TestModels.insert(
                ds,
                files.dataRoot(),
                name,
                TestModels.barkBeepModel(),
                List.of(TestModels.tag("bark"), TestModels.tag("beep")));
    }

    private long scored(long deviceId, long modelId) {
        return Db.queryLong(
                ds,
                "select count(*) from detection d join raw r on r.id = d.raw_id where r.device_id = ? and d.model_id = ?",
                deviceId,
                modelId);
    }

    private static void upload(HubApi.Device d, long start, SyntheticSounds.Kind kind, long seed) {
        HubApi.upload(d.token(), start, SyntheticSounds.wav(kind, seed)).then().statusCode(201);
    }

    @Test
    void aCatchUpIsShownAndTheHistoryItScoresNeitherCountsNorAsksForReview() throws Exception {
        TestModels.activate(null);
        String name = "orchard-" + System.nanoTime() % 100000;
        HubApi.Device device = HubApi.createDevice(name);
        long start = (System.currentTimeMillis() - 600_000) / 3000 * 3000;
        upload(device, start, SyntheticSounds.Kind.BARK, 600);
        upload(device, start + 3000, SyntheticSounds.Kind.BARK, 601);
        upload(device, start + 6000, SyntheticSounds.Kind.BEEP, 602);
        asAdmin()
                .contentType("application/json")
                .body(Map.of(
                        "deviceId",
                        device.id(),
                        "startMs",
                        start + 500,
                        "endMs",
                        start + 2500,
                        "tagId",
                        TestModels.tag("bark").id()))
                .post("/api/v1/annotations")
                .then()
                .statusCode(201);
        long modelId = newModel("history-dashboard");
        Page page = signedIn();
        page.waitForSelector("#detector-state[data-state=none]");

        // the catch-up cannot store anything while the table is locked: it stays visible
        try (Connection lock = ds.getConnection()) {
            lock.setAutoCommit(false);
            try (Statement s = lock.createStatement()) {
                s.execute("lock table detection in exclusive mode");
            }
            TestModels.activate(modelId);
            Locator catchUp = page.locator("#catch-up");
            catchUp.waitFor();
            assertThat(page.locator("#catch-up-text").innerText())
                    .startsWith("Catching up on ")
                    .contains("segments of history…");
            page.locator("#detections")
                    .screenshot(new Locator.ScreenshotOptions().setPath(SHOTS.resolve("dashboard-catch-up.png")));
            lock.rollback();
        }
        await().atMost(WAIT).until(() -> scored(device.id(), modelId) == 3);

        // nothing was heard live: the counters say so, and the list has nothing to review
        page.reload();
        page.waitForSelector("#detections[data-feed=open]");
        Locator bark = page.locator(".tag-counter[data-tag=bark]");
        assertThat(bark.locator(".today").innerText()).isEqualTo("0");
        assertThat(bark.locator(".last").innerText()).contains("never");
        page.selectOption("#latest-device", String.valueOf(device.id()));
        page.waitForSelector("#latest-detections td:has-text('No live detections match these filters')");

        // on request, the history: marked, and the labelled one offers no review
        page.check("#latest-history");
        Locator rows = page.locator("#latest-detections tbody tr[data-detection]");
        page.waitForCondition(() -> rows.count() == 3);
        assertThat(page.locator("#latest-detections tr[data-history=true]").count())
                .isEqualTo(3);
        Locator labelled = page.locator(
                "#latest-detections tr[data-detection]", new Page.LocatorOptions().setHasText("already labelled"));
        assertThat(labelled.count()).isEqualTo(1);
        assertThat(labelled.locator("button.confirm, button.reject").count()).isZero();
        assertThat(rows.locator("button.reject").count()).isEqualTo(2);
        page.locator("#detections")
                .screenshot(new Locator.ScreenshotOptions().setPath(SHOTS.resolve("dashboard-history.png")));

        // a bark that arrives now is news
        upload(device, (System.currentTimeMillis() / 3000 * 3000) - 3000, SyntheticSounds.Kind.BARK, 603);
        page.waitForCondition(() -> bark.locator(".today").innerText().equals("1"));
        assertThat(bark.locator(".last").innerText()).doesNotContain("never");
        page.waitForSelector("#latest-detections tr[data-history=false][data-tag=bark]");
        page.context().close();
    }

    @Test
    void anOlderFalseAlarmIsReachedThroughFiltersAndMoreAndRejected() {
        long modelId = newModel("filters-dashboard");
        TestModels.activate(modelId);
        await().atMost(WAIT)
                .untilAsserted(() -> asAdmin()
                        .get("/api/v1/detections/status")
                        .then()
                        .body("modelId", equalTo((int) modelId))
                        .body("state", equalTo("ready")));
        HubApi.Device device = HubApi.createDevice("meadow-" + System.nanoTime() % 100000);
        SyntheticSounds.Kind[] kinds = {SyntheticSounds.Kind.BARK, SyntheticSounds.Kind.BEEP, SyntheticSounds.Kind.ROOM
        };
        int n = 17; // more than a page (15) once unknown sounds show
        long start = (System.currentTimeMillis() - 1_200_000) / 3000 * 3000;
        for (int i = 0; i < n; i++) {
            upload(device, start + 3000L * i, kinds[i % 3], 700 + i);
        }
        await().atMost(WAIT).until(() -> scored(device.id(), modelId) == n);
        long unknowns = Db.queryLong(
                ds,
                "select count(*) from detection d join raw r on r.id = d.raw_id"
                        + " where r.device_id = ? and d.model_id = ? and d.tag_id is null",
                device.id(),
                modelId);

        Page page = signedIn();
        page.waitForSelector("#detections[data-feed=open]");
        page.selectOption("#latest-device", String.valueOf(device.id()));
        Locator rows = page.locator("#latest-detections tbody tr[data-detection]");
        page.waitForCondition(() -> rows.count() == n - unknowns);
        assertThat(page.locator("#latest-detections tr[data-tag=unknown]").count())
                .isZero();
        assertThat(page.locator("#latest-more").isVisible()).isFalse();

        page.check("#latest-unknown");
        page.waitForCondition(() -> rows.count() == 15);
        page.click("#latest-more");
        page.waitForCondition(() -> rows.count() == n);
        assertThat(page.locator("#latest-more").isVisible()).isFalse();
        assertThat(page.locator("#latest-detections tr[data-tag=unknown]").count())
                .isEqualTo((int) unknowns);

        // the oldest, a bark only "More" reached: a false alarm
        Locator oldest = rows.last();
        long detectionId = Long.parseLong(oldest.getAttribute("data-detection"));
        assertThat(Db.queryLong(
                        ds, "select extract(epoch from start_time) * 1000 from detection where id = ?", detectionId))
                .isEqualTo(start);
        oldest.locator("button.reject").click();
        page.waitForSelector("#latest-detections tr[data-detection='" + detectionId + "'].reviewed-rejected");
        assertThat(Db.queryString(ds, "select review from detection where id = ?", detectionId))
                .isEqualTo("rejected");

        // one tag only, or the unknown sounds only
        page.selectOption("#latest-tag", String.valueOf(TestModels.tag("bark").id()));
        page.waitForCondition(() -> rows.count() > 0
                && page.locator("#latest-detections tbody tr[data-detection]:not([data-tag=bark])")
                                .count()
                        == 0);
        page.selectOption("#latest-tag", "unknown");
        page.waitForCondition(() -> rows.count() == unknowns
                && page.locator("#latest-detections tr[data-tag=unknown]").count() == unknowns);
        page.context().close();
    }
}
