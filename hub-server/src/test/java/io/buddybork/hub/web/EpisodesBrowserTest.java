package io.buddybork.hub.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.buddybork.hub.testing.HubApi.asAdmin;
import static io.buddybork.hub.testing.HubApi.createDevice;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.buddybork.hub.detect.DetectionStored;
import io.buddybork.hub.detect.TestModels;
import io.buddybork.hub.testing.HubApi.Device;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The dashboard's episodes in Debian's Chromium: the latest episodes are listed, "I'm back" ends
 * the absence and greets the owner with its summary ("bark: 1 episode, ...") and timeline, and the
 * page served after it greets them the same way. Screenshot: {@code target/screenshots/dashboard-episodes.png}.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EpisodesBrowserTest {
    private static final Path SHOTS = Path.of("target", "screenshots");
    private static final Duration WAIT = Duration.ofMillis((long) BrowserSupport.WAIT_MS);

    @TestHTTPResource("/")
    URL base;

    @Inject
    Event<DetectionStored> detections;

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

    private static boolean away(boolean away) {
        return asAdmin()
                .contentType("application/json")
                .body(Map.of("away", away))
                .put("/api/v1/away")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getBoolean("away");
    }

    @Test
    void theDashboardListsEpisodesAndGreetsTheOwnerBackWithTheAbsenceSummary() {
        String name = "porch-" + System.nanoTime() % 100000;
        Device d = createDevice(name);
        TestModels.TagRef bark = TestModels.tag("bark");
        away(false);
        away(true);
        long since = asAdmin().get("/api/v1/away").then().extract().jsonPath().getLong("sinceMs");
        // barking while the owner is out: two detections, one episode of 4 s
        for (long offset : List.of(10L, 1010L)) {
            detections.fireAsync(new DetectionStored(
                    -3_000_000_000L - offset,
                    0,
                    d.id(),
                    0,
                    since + offset,
                    3000,
                    bark.id(),
                    "bark",
                    0.9,
                    false,
                    false));
        }
        await().atMost(WAIT)
                .until(() -> asAdmin()
                        .queryParam("from", since)
                        .queryParam("to", since + 60_000)
                        .queryParam("deviceId", d.id())
                        .get("/api/v1/episodes")
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("segments")
                        .equals(List.of(2)));

        Page page = BrowserSupport.signInAsAdmin(BrowserSupport.newPage(browser, base, 1360, 1400, false), "/");
        Locator row = page.locator("#episodes-table tbody tr").filter(new Locator.FilterOptions().setHasText(name));
        assertThat(row).hasCount(1);
        assertThat(row).containsText("bark");
        assertThat(row).containsText("4 s");
        Locator toggle = page.locator("#away-toggle");
        assertThat(toggle).hasText("I'm back");

        toggle.click();
        assertThat(toggle).hasText("I'm away");
        assertThat(page.locator("#away-greeting")).isVisible();
        assertThat(page.locator("#away-greeting")).containsText("Welcome back");
        assertThat(page.locator("#summary-title")).containsText("While you were away");
        assertThat(page.locator("#summary-tags li[data-tag=bark]"))
                .containsText("bark: 1 episode, 4 s total, longest 4 s");
        assertThat(page.locator("#summary-timeline .timeline-band[data-tag=bark]"))
                .hasCount(1);
        page.locator("#episodes")
                .screenshot(new Locator.ScreenshotOptions().setPath(SHOTS.resolve("dashboard-episodes.png")));

        page.reload();
        assertThat(page.locator("#away-greeting")).containsText("Welcome back");
        assertThat(page.locator("#summary-tags li[data-tag=bark]")).containsText("bark: 1 episode");
        page.context().close();
    }
}
