package io.buddybork.hub.web;

import static io.buddybork.hub.testing.HubApi.ADMIN;
import static io.buddybork.hub.testing.HubApi.ADMIN_PASSWORD;
import static io.buddybork.hub.testing.HubApi.createDevice;
import static io.buddybork.hub.testing.TestRecordings.concat;
import static io.buddybork.hub.testing.TestRecordings.hush;
import static io.buddybork.hub.testing.TestRecordings.tone;
import static io.buddybork.hub.testing.TestRecordings.wav;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FilePayload;
import io.buddybork.hub.testing.Db;
import io.buddybork.hub.testing.HubApi.Device;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The dashboard's "Import a recording" form in a browser whose clock is in Berlin: the start typed
 * in local time reaches the hub as UTC milliseconds, the upload ends with the counts and a link to
 * that day in the annotator. Screenshot in {@code target/screenshots/}.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecordingImportBrowserTest {
    private static final Path SHOTS = Path.of("target", "screenshots");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @TestHTTPResource("/")
    URL base;

    @Inject
    DataSource ds;

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

    @Test
    void anAdminImportsASmallWavFromALocalStartTimeAndSeesTheCounts() {
        Device device = createDevice("browser-import-" + System.nanoTime() % 100_000);
        LocalDate yesterday = LocalDate.now(BERLIN).minusDays(1);
        LocalTime evening = LocalTime.of(18, 30, 5);
        long expectedStart =
                yesterday.atTime(evening).atZone(BERLIN).toInstant().toEpochMilli();
        byte[] file = wav(concat(tone(3000, 9000, 440), hush(3000, 150), tone(2000, 7000, 660)));

        Page page = browser.newContext(new Browser.NewContextOptions()
                        .setBaseURL(base.toString())
                        .setViewportSize(1280, 1000)
                        .setLocale("en-GB")
                        .setTimezoneId(BERLIN.getId()))
                .newPage();
        page.setDefaultTimeout(BrowserSupport.WAIT_MS);
        page.setDefaultNavigationTimeout(BrowserSupport.WAIT_MS);
        BrowserSupport.signIn(page, "/", ADMIN, ADMIN_PASSWORD);

        page.locator("#import-device option[value='" + device.id() + "']")
                .waitFor(new com.microsoft.playwright.Locator.WaitForOptions()
                        .setState(com.microsoft.playwright.options.WaitForSelectorState.ATTACHED));
        page.selectOption("#import-device", Long.toString(device.id()));
        page.fill("#import-start", yesterday + "T" + evening.format(DateTimeFormatter.ofPattern("HH:mm:ss")));
        page.setInputFiles("#import-file", new FilePayload("tuesday-evening.wav", "audio/wav", file));
        page.click("#import-submit");

        page.locator("#import-counts").waitFor();
        assertThat(page.locator("#import-counts").textContent())
                .contains("Stored 2 segments")
                .contains("1 silent")
                .contains("0 overlapping");
        String day = java.time.Instant.ofEpochMilli(expectedStart)
                .atZone(ZoneOffset.UTC)
                .toLocalDate()
                .toString();
        assertThat(page.locator("#import-day-link").getAttribute("href"))
                .isEqualTo("/annotator#from=" + day + "&to=" + day + "&device=" + device.id() + "&day=" + day);
        assertThat(((Number) page.evaluate("() => document.getElementById('import-progress').value")).doubleValue())
                .isEqualTo(100.0);
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(SHOTS.resolve("recording-import.png"))
                .setFullPage(false));

        // the hub stored the loud segments from the local start, converted to UTC
        assertThat(Db.queryLong(
                        ds,
                        "select (extract(epoch from min(start_time)) * 1000)::bigint from raw where device_id = ?",
                        device.id()))
                .isEqualTo(expectedStart);
        assertThat(Db.rawRows(ds, device.id())).isEqualTo(2);

        // the same file again: nothing new, the overlap problem is shown
        page.setInputFiles("#import-file", new FilePayload("tuesday-evening.wav", "audio/wav", file));
        page.click("#import-submit");
        page.locator("#import-result.error").waitFor();
        assertThat(page.locator("#import-result").textContent()).contains("overlap");
    }
}
