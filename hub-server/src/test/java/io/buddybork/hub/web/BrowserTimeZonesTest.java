package io.buddybork.hub.web;

import static io.buddybork.hub.testing.HubApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.buddybork.hub.testing.HubApi;
import io.buddybork.hub.testing.OwnStart;
import io.buddybork.hub.testing.SharedHub;
import io.buddybork.hub.testing.TestWavs;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A viewer in Berlin looks at a hub in Los Angeles: times are shown in the browser's zone, days
 * are the hub's, and each page says so once. Screenshot: {@code target/screenshots/annotator-time-zones.png}.
 */
@QuarkusTest
@OwnStart
@TestProfile(SharedHub.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserTimeZonesTest {
    private static final Path SHOTS = Path.of("target", "screenshots");
    private static final String BROWSER_ZONE = "Europe/Berlin";
    private static final String ZONE_LINE =
            "Times in Europe/Berlin (your browser); days follow the hub's zone America/Los_Angeles.";

    @TestHTTPResource("/")
    URL base;

    private BrowserSupport chromium;
    private Browser browser;

    @BeforeAll
    void launch() throws Exception {
        Files.createDirectories(SHOTS);
        chromium = BrowserSupport.start();
        browser = chromium.browser();
    }

    @AfterAll
    void close() {
        if (chromium != null) {
            chromium.close();
        }
    }

    private Page inBerlin() {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                .setBaseURL(base.toString())
                .setViewportSize(1360, 1200)
                .setLocale("en-GB")
                .setTimezoneId(BROWSER_ZONE));
        Page page = context.newPage();
        page.setDefaultTimeout(BrowserSupport.WAIT_MS);
        page.setDefaultNavigationTimeout(BrowserSupport.WAIT_MS);
        return page;
    }

    @Test
    void aSegmentsTimeIsShownInTheBrowsersZoneOnTheHubsDayAndThePageSaysWhich() {
        HubApi.Device device = HubApi.createDevice("berlin-" + System.nanoTime() % 100000);
        // 23:30 on 1 November in Los Angeles = 08:30 on 2 November in Berlin (07:30Z)
        long start = Instant.parse("2026-11-02T07:30:00Z").toEpochMilli();
        HubApi.upload(device.token(), start, TestWavs.segment(42)).then().statusCode(201);
        JsonPath window = asAdmin()
                .get("/api/v1/macro?deviceId=" + device.id() + "&centerMs=" + (start + 1500))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        DateTimeFormatter berlin =
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.of(BROWSER_ZONE));
        DateTimeFormatter berlinTime = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.of(BROWSER_ZONE));
        String expectedTitle = berlin.format(Instant.ofEpochMilli(window.getLong("startMs"))) + " – "
                + berlinTime.format(Instant.ofEpochMilli(window.getLong("endMs")));
        assertThat(expectedTitle).startsWith("2026-11-02 08:29:");

        Page page = inBerlin();
        String day = "2026-11-01"; // the hub's day of the segment
        BrowserSupport.signInAsAdmin(
                page,
                "/annotator#from=" + day + "&to=" + day + "&device=" + device.id() + "&day=" + day + "&win="
                        + device.id() + "&at=" + (start + 1500));
        page.waitForCondition(() -> page.locator("#macro-title").innerText().contains(" – ")); // the window is loaded
        assertThat(page.locator("#macro-title").innerText()).endsWith(" · " + expectedTitle);
        assertThat(page.locator("#day-title").innerText()).startsWith(day);
        assertThat(page.locator("#zone-note").innerText()).isEqualTo(ZONE_LINE);
        assertThat(page.locator("body").innerText()).doesNotContain("UTC");
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("annotator-time-zones.png")));

        // the dashboard says it as well, once
        page.navigate("/");
        assertThat(page.locator("#zone-note").innerText()).isEqualTo(ZONE_LINE);
        assertThat(page.locator("#zone-note").count()).isEqualTo(1);
        page.context().close();
    }
}
