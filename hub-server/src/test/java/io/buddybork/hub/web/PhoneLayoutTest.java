package io.buddybork.hub.web;

import static io.buddybork.hub.testing.HubApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import io.agroal.api.AgroalDataSource;
import io.buddybork.hub.detect.TestModels;
import io.buddybork.hub.ingest.SegmentFiles;
import io.buddybork.hub.model.ModelService;
import io.buddybork.hub.testing.Db;
import io.buddybork.hub.testing.HubApi;
import io.buddybork.hub.user.Roles;
import io.buddybork.hub.user.UserService;
import io.buddybork.model.testaudio.SyntheticSounds;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every page on a 390 px phone, with data in it (devices, segments, annotations, detections of an
 * active model, models, tags with long names, users): none scrolls sideways; wide tables scroll
 * inside their cards. An empty page proves little: tables and charts widen a page only once they
 * have rows. Screenshots: {@code target/screenshots/phone-data-*.png}.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PhoneLayoutTest {
    private static final Path SHOTS = Path.of("target", "screenshots");
    private static final int WIDTH = 390;

    /**
     * The outermost elements that reach past the phone's width and are not inside a container that
     * scrolls or clips sideways: what makes the page scroll sideways (for the failure message).
     */
    private static final String OVERFLOWING = """
            w => [...document.querySelectorAll('body *')].filter(e => {
              const r = e.getBoundingClientRect();
              if (r.width === 0 || r.right <= w + 0.5) return false;
              for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
                const s = getComputedStyle(a);
                if (s.overflowX !== 'visible' || a.getBoundingClientRect().right > w + 0.5) return false;
              }
              return true;
            }).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().replace(/\\s+/g, '.') : '')
                + ' right=' + Math.round(e.getBoundingClientRect().right))""";

    @TestHTTPResource("/")
    URL base;

    @Inject
    AgroalDataSource ds;

    @Inject
    SegmentFiles files;

    @Inject
    UserService users;

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
        library.activate(null); // other tests expect live detection off
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void everyPageWithDataFitsA390PixelPhoneWithoutScrollingSideways() {
        String suffix = Long.toString(System.nanoTime() % 100000);
        TestModels.TagRef bark = TestModels.tag("bark");
        TestModels.TagRef beep = TestModels.tag("beep");
        TestModels.tag("a-rather-long-tag-name-for-phones-" + suffix);
        long modelId = TestModels.insert(
                ds,
                files.dataRoot(),
                "a model with a rather long name for a small screen " + suffix,
                TestModels.barkBeepModel(),
                List.of(bark, beep));
        TestModels.insert(
                ds, files.dataRoot(), "another model " + suffix, TestModels.barkBeepModel(), List.of(bark, beep));
        HubApi.Device device = HubApi.createDevice("living-room-microphone-" + suffix);
        long start = (System.currentTimeMillis() - 60_000) / 3000 * 3000;
        SyntheticSounds.Kind[] sounds = {SyntheticSounds.Kind.BARK, SyntheticSounds.Kind.BEEP, SyntheticSounds.Kind.ROOM
        };
        // the first one labelled before the model is active: catch-up scores it as history
        HubApi.upload(device.token(), start, SyntheticSounds.wav(sounds[0], 900))
                .then()
                .statusCode(201);
        asAdmin()
                .contentType("application/json")
                .body(Map.of(
                        "deviceId", device.id(), "startMs", start + 500, "endMs", start + 2500, "tagId", bark.id()))
                .post("/api/v1/annotations")
                .then()
                .statusCode(201);
        TestModels.activate(modelId);
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(
                        () -> asAdmin().get("/api/v1/detections/status").then().body("state", equalTo("ready")));
        for (int i = 1; i < sounds.length; i++) {
            HubApi.upload(device.token(), start + 3000L * i, SyntheticSounds.wav(sounds[i], 900 + i))
                    .then()
                    .statusCode(201);
        }
        await().atMost(Duration.ofSeconds(60))
                .until(() -> Db.queryLong(
                                ds,
                                "select count(*) from detection d join raw r on r.id = d.raw_id"
                                        + " where r.device_id = ? and d.model_id = ?",
                                device.id(),
                                modelId)
                        == sounds.length);
        users.createUser("a.family.member.with.a.long.name" + suffix, "a-long-password-1", Roles.VIEWER);
        String day = Instant.ofEpochMilli(start)
                .atOffset(ZoneOffset.UTC)
                .toLocalDate()
                .toString();

        Fits fits = new Fits(); // every page is checked, the failure names all that are too wide
        Page page = BrowserSupport.newPage(browser, base, WIDTH, 844, true);
        page.navigate("/login");
        page.locator("#login-form").waitFor();
        fits.check(page, "login");

        BrowserSupport.signInAsAdmin(page, "/");
        page.locator("#devices-table tr[data-device='" + device.id() + "']").waitFor();
        page.locator("#latest-detections tr[data-detection]").first().waitFor();
        page.locator("#live-chart .u-over").waitFor();
        page.locator("#detection-chart .u-over").waitFor();
        page.locator("#users-table tbody tr").first().waitFor();
        page.waitForFunction("() => !document.querySelector('#storage dl').textContent.includes('Loading')");
        page.locator("#latest-history").check(); // the widest rows: history badges as well
        page.locator("#latest-detections tr[data-history=true]").first().waitFor();
        fits.check(page, "dashboard");

        page.navigate("/annotator#from=" + day + "&to=" + day + "&device=" + device.id() + "&day=" + day + "&win="
                + device.id() + "&at=" + (start + 4500));
        page.waitForCondition(() -> page.locator("#macro-title").innerText().contains(" – ")); // the window is loaded
        page.locator("#window-detections tr[data-detection]").first().waitFor();
        page.locator("#day-chart .u-over").waitFor();
        page.locator("#counts-chart .u-over").waitFor();
        fits.check(page, "annotator");

        page.navigate("/models");
        page.locator("#models-table tr[data-model='" + modelId + "']").waitFor();
        page.locator("#split-table tbody tr").first().waitFor();
        page.locator("#days-chart .u-over").waitFor();
        fits.check(page, "models");

        page.navigate("/tags");
        page.locator("#tags-table tr[data-tag='a-rather-long-tag-name-for-phones-" + suffix + "']")
                .waitFor();
        fits.check(page, "tags");

        page.navigate("/users");
        page.locator("#users-table tr[data-user]").first().waitFor();
        fits.check(page, "users");

        page.navigate("/no-such-page");
        page.locator("h1").waitFor();
        fits.check(page, "not-found");
        page.context().close();
        fits.assertAll();
    }

    /** Checks pages one after the other and fails at the end, naming every page that is too wide. */
    private static final class Fits extends SoftAssertions {
        /** The page, laid out (two frames after its data arrived), is no wider than the phone. */
        void check(Page page, String name) {
            page.waitForFunction(
                    "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))");
            page.screenshot(new Page.ScreenshotOptions()
                    .setPath(SHOTS.resolve("phone-data-" + name + ".png"))
                    .setFullPage(true));
            Number width = (Number) page.evaluate("() => document.documentElement.scrollWidth");
            assertThat(width.intValue())
                    .as(
                            "%s is %s px wide at %d px; too wide: %s",
                            name, width, WIDTH, page.evaluate(OVERFLOWING, WIDTH))
                    .isLessThanOrEqualTo(WIDTH);
        }
    }
}
