package io.buddybork.hub.detect;

import static io.buddybork.hub.testing.HubApi.ADMIN;
import static io.buddybork.hub.testing.HubApi.ADMIN_PASSWORD;
import static io.buddybork.hub.testing.HubApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.agroal.api.AgroalDataSource;
import io.buddybork.hub.ingest.SegmentFiles;
import io.buddybork.hub.testing.Db;
import io.buddybork.hub.testing.HubApi;
import io.buddybork.hub.time.HubZone;
import io.buddybork.hub.web.BrowserSupport;
import io.buddybork.model.testaudio.SyntheticSounds;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * End to end in Debian's Chromium: with an active bark/beep model, segments of two clearly
 * different synthetic sounds uploaded while the dashboard is open appear as detections of the
 * right tags; the per-tag counters (today: the hub's day, not the browser's) match the database, also
 * after a reload (history, not only live); a one-click confirmation creates the annotation; a
 * broken active model shows as unavailable. Screenshots: {@code target/screenshots/dashboard-detections*.png}.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DetectionDashboardTest {
    private static final Path SHOTS = Path.of("target", "screenshots");
    /** A zone far from the hub's (UTC in tests), so the browser's day and the hub's differ for much of the day. */
    private static final String BROWSER_ZONE = "Pacific/Kiritimati";

    @TestHTTPResource("/")
    URL base;

    @Inject
    AgroalDataSource ds;

    @Inject
    SegmentFiles files;

    @Inject
    HubZone hubZone;

    @Inject
    io.buddybork.hub.model.ModelService library;

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
        BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                .setBaseURL(base.toString())
                .setViewportSize(1360, 1400)
                .setLocale("en-GB")
                .setTimezoneId(BROWSER_ZONE));
        Page page = context.newPage();
        page.setDefaultTimeout(BrowserSupport.WAIT_MS);
        page.navigate("/");
        page.fill("#username", ADMIN);
        page.fill("#password", ADMIN_PASSWORD);
        page.click("button[type=submit]");
        page.waitForURL("**/");
        return page;
    }

    private void activate(long modelId, String state) {
        TestModels.activate(modelId);
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(
                        () -> asAdmin().get("/api/v1/detections/status").then().body("state", equalTo(state)));
    }

    /** Waits until live detection has scored {@code count} segments of the device with the model. */
    private void awaitDetections(long deviceId, long modelId, long count) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> Db.queryLong(
                                ds,
                                "select count(*) from detection d join raw r on r.id = d.raw_id"
                                        + " where r.device_id = ? and d.model_id = ?",
                                deviceId,
                                modelId)
                        == count);
    }

    private long dbCount(long modelId, String tag, long fromMs) {
        return Db.queryLong(
                ds,
                "select count(*) from detection d join tag t on t.id = d.tag_id"
                        + " where d.model_id = ? and t.name = ? and d.start_time >= ?"
                        + " and not d.history and not d.labelled", // the counters count live detections
                modelId,
                tag,
                new Timestamp(fromMs));
    }

    @Test
    void detectionsOfTwoSoundsAppearLiveWithCountersMatchingTheDatabase() throws Exception {
        TestModels.TagRef bark = TestModels.tag("bark");
        TestModels.TagRef beep = TestModels.tag("beep");
        long modelId =
                TestModels.insert(ds, files.dataRoot(), "dashboard", TestModels.barkBeepModel(), List.of(bark, beep));
        activate(modelId, "ready");
        String name = "garden-" + System.nanoTime() % 100000;
        HubApi.Device device = HubApi.createDevice(name);

        Page page = signedIn();
        page.waitForSelector("#detector-state[data-state=ready]");
        // the panel listens before the uploads: it loads its history only once its feed is open
        page.waitForSelector("#detections[data-feed=open]");
        // recent segments (this minute), so that they count for today and fall in the last hour
        long now = System.currentTimeMillis() / 3000 * 3000;
        SyntheticSounds.Kind[] sounds = {
            SyntheticSounds.Kind.BARK,
            SyntheticSounds.Kind.BEEP,
            SyntheticSounds.Kind.BARK,
            SyntheticSounds.Kind.ROOM,
            SyntheticSounds.Kind.BEEP,
            SyntheticSounds.Kind.BARK
        };
        for (int i = 0; i < sounds.length; i++) {
            HubApi.upload(device.token(), now - 3000L * (sounds.length - i), SyntheticSounds.wav(sounds[i], 500 + i))
                    .then()
                    .statusCode(201);
        }

        // Only this device's rows: activating the model also caught up other tests' recent segments.
        Locator barks =
                page.locator("#latest-detections tr[data-tag=bark]", new Page.LocatorOptions().setHasText(name));
        Locator beeps =
                page.locator("#latest-detections tr[data-tag=beep]", new Page.LocatorOptions().setHasText(name));
        page.waitForCondition(() -> barks.count() == 3 && beeps.count() == 2);
        page.selectOption("#hears-device", String.valueOf(device.id()));
        page.waitForCondition(() -> page.locator("#hears-strip .hears-row").count() == sounds.length);
        assertThat(page.locator("#hears-strip .hears-verdict.unknown").count()).isEqualTo(1);
        assertCountersMatchDatabase(page, modelId);
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(SHOTS.resolve("dashboard-detections.png"))
                .setFullPage(true));
        page.locator("#detections")
                .screenshot(new Locator.ScreenshotOptions().setPath(SHOTS.resolve("dashboard-detections-panel.png")));

        // after a reload the chart, the list and the counters come from history
        page.reload();
        page.waitForCondition(() -> barks.count() == 3);
        assertCountersMatchDatabase(page, modelId);

        // one click confirms: the detection is reviewed and annotated with its tag
        Locator row = barks.first();
        long detectionId = Long.parseLong(row.getAttribute("data-detection"));
        row.locator("button.confirm").click();
        page.waitForSelector("#latest-detections tr[data-detection='" + detectionId + "'].reviewed-confirmed");
        assertThat(Db.queryString(ds, "select review from detection where id = ?", detectionId))
                .isEqualTo("confirmed");
        assertThat(Db.queryLong(
                        ds,
                        "select count(*) from annot a join detection d on d.review_annot_id = a.id"
                                + " where d.id = ? and a.tag_id = ?",
                        detectionId,
                        bark.id()))
                .isEqualTo(1);

        // a broken model file: a clear state on the dashboard
        String broken = "models/dashboard-broken-" + System.nanoTime() + ".model";
        Files.writeString(files.dataRoot().resolve(broken), "garbage");
        long brokenId = TestModels.insertRow(ds, "broken", broken, List.of("bark", "beep"), List.of(bark, beep));
        activate(brokenId, "unavailable");
        page.waitForSelector("#detector-state[data-state=unavailable]");
        assertThat(page.locator("#detector-reason").innerText()).contains("cannot be used");
    }

    @Test
    void aSoundJustUnderItsThresholdIsListedAsWorthLabellingAndLabelledInOneClick() {
        TestModels.TagRef bark = TestModels.tag("bark");
        TestModels.TagRef beep = TestModels.tag("beep");
        long modelId =
                TestModels.insert(ds, files.dataRoot(), "uncertain", TestModels.barkBeepModel(), List.of(bark, beep));
        activate(modelId, "ready");
        HubApi.Device device = HubApi.createDevice("hall-" + System.nanoTime() % 100000);
        long start = System.currentTimeMillis() / 3000 * 3000 - 120_000;
        HubApi.upload(device.token(), start, SyntheticSounds.wav(SyntheticSounds.Kind.ROOM, 800))
                .then()
                .statusCode(201);
        awaitDetections(device.id(), modelId, 1);
        long detectionId = Db.queryLong(
                ds,
                "select d.id from detection d join raw r on r.id = d.raw_id where r.device_id = ? and d.model_id = ?",
                device.id(),
                modelId);
        // arranged: the room sound scored just under bark's threshold (the model is unsure)
        double threshold = asAdmin()
                .get("/api/v1/detections/status")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getDouble("tags.find { it.name == 'bark' }.threshold");
        Db.update(
                ds,
                "update detection set tag_id = null, best_tag = 'bark', score = ? where id = ?",
                threshold - 0.01,
                detectionId);

        Page page = signedIn();
        Locator row = page.locator("#uncertain-sounds tr[data-detection='" + detectionId + "']");
        row.waitFor();
        assertThat(row.getAttribute("data-reason")).isEqualTo("just-under-threshold");
        assertThat(row.innerText()).contains("just under the threshold").contains("bark?");
        page.locator("#uncertain-box")
                .screenshot(new Locator.ScreenshotOptions().setPath(SHOTS.resolve("uncertain-sounds.png")));

        // one click: it is a bark; the sound becomes an annotation and leaves the list
        row.locator("button.confirm").click();
        row.waitFor(
                new Locator.WaitForOptions().setState(com.microsoft.playwright.options.WaitForSelectorState.DETACHED));
        assertThat(Db.queryLong(
                        ds,
                        "select count(*) from annot a join detection d on d.review_annot_id = a.id"
                                + " where d.id = ? and a.tag_id = ?",
                        detectionId,
                        bark.id()))
                .isEqualTo(1);
        page.context().close();
    }

    @Test
    void theAnnotatorsWindowListsItsDetectionsForOneClickReview() {
        TestModels.TagRef bark = TestModels.tag("bark");
        TestModels.TagRef beep = TestModels.tag("beep");
        long modelId = TestModels.insert(
                ds, files.dataRoot(), "annotator-review", TestModels.barkBeepModel(), List.of(bark, beep));
        activate(modelId, "ready");
        HubApi.Device device = HubApi.createDevice("porch-" + System.nanoTime() % 100000);
        long start = System.currentTimeMillis() / 3000 * 3000 - 60_000;
        HubApi.upload(device.token(), start, SyntheticSounds.wav(SyntheticSounds.Kind.BARK, 700))
                .then()
                .statusCode(201);
        HubApi.upload(device.token(), start + 3000, SyntheticSounds.wav(SyntheticSounds.Kind.BEEP, 701))
                .then()
                .statusCode(201);
        awaitDetections(device.id(), modelId, 2);

        Page page = signedIn();
        String day = hubZone.dayOf(start).toString();
        page.navigate("/annotator#from=" + day + "&to=" + day + "&device=" + device.id() + "&day=" + day + "&win="
                + device.id() + "&at=" + (start + 3000));
        Locator barkRow = page.locator("#window-detections tr[data-tag=bark]");
        Locator beepRow = page.locator("#window-detections tr[data-tag=beep]");
        barkRow.locator("button.confirm").waitFor();
        beepRow.locator("button.reject").waitFor();

        barkRow.locator("button.confirm").click();
        page.waitForSelector("#window-detections tr[data-tag=bark].reviewed-confirmed");
        long barkId = Long.parseLong(barkRow.getAttribute("data-detection"));
        assertThat(Db.queryLong(
                        ds,
                        "select count(*) from annot a join detection d on d.review_annot_id = a.id"
                                + " where d.id = ? and a.tag_id = ? and d.review = 'confirmed'",
                        barkId,
                        bark.id()))
                .isEqualTo(1);

        // a false alarm that really was another tag: rejected, and annotated with the right tag
        beepRow.locator("select").selectOption(String.valueOf(bark.id()));
        beepRow.locator("button.reject").click();
        page.waitForSelector("#window-detections tr[data-tag=beep].reviewed-rejected");
        assertThat(beepRow.innerText()).contains("rejected").contains("really bark");
        assertThat(beepRow.locator("button").count()).isZero();
        long beepId = Long.parseLong(beepRow.getAttribute("data-detection"));
        assertThat(Db.queryLong(
                        ds,
                        "select count(*) from annot a join detection d on d.review_annot_id = a.id"
                                + " where d.id = ? and a.tag_id = ? and d.review = 'rejected'",
                        beepId,
                        bark.id()))
                .isEqualTo(1);

        // reviewed detections still show as such after a reload
        page.reload();
        page.waitForSelector("#window-detections tr[data-tag=bark].reviewed-confirmed");
        page.waitForSelector("#window-detections tr[data-tag=beep].reviewed-rejected");
        page.locator("#macro-card")
                .screenshot(new Locator.ScreenshotOptions().setPath(SHOTS.resolve("annotator-review.png")));
        page.context().close();
    }

    /** "today" counts the hub's day (the test profile's zone, UTC), not the browser's, which is far from it. */
    private void assertCountersMatchDatabase(Page page, long modelId) {
        long hubMidnight = hubZone.startMs(hubZone.today());
        for (String tag : List.of("bark", "beep")) {
            Locator c = page.locator(".tag-counter[data-tag=" + tag + "]");
            page.waitForCondition(
                    () -> c.locator(".today").innerText().equals(Long.toString(dbCount(modelId, tag, hubMidnight))));
            assertThat(c.locator(".last").innerText()).doesNotContain("never");
        }
    }
}
