package io.buddybork.hub.web;

import static io.buddybork.hub.testing.HubApi.ADMIN;
import static io.buddybork.hub.testing.HubApi.ADMIN_PASSWORD;
import static io.buddybork.hub.testing.HubApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.buddybork.hub.model.ModelFixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The model builder in Debian's Chromium: days of tone bursts and noise bursts with annotations of
 * two tags, split into training and test days with background, train, watch the job finish, read
 * a confusion matrix whose diagonal dominates, and activate the model. Screenshots go to
 * {@code target/screenshots/}.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelBuilderBrowserTest {
    private static final Path SHOTS = Path.of("target", "screenshots");

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

    @Test
    void splitTrainSeeTheConfusionMatrixAndActivate() {
        ModelFixtures.Scenario s = ModelFixtures.seed(3, 4, 6);
        Page page = browser.newContext(new Browser.NewContextOptions()
                        .setBaseURL(base.toString())
                        .setViewportSize(1360, 1000)
                        .setLocale("en-GB"))
                .newPage();
        page.setDefaultTimeout(BrowserSupport.WAIT_MS);
        page.onPageError(e -> System.err.println("page error: " + e));
        page.onConsoleMessage(m -> System.err.println("console " + m.type() + ": " + m.text()));
        page.onResponse(r -> {
            if (r.status() >= 400) {
                System.err.println("HTTP " + r.status() + " " + r.url());
            }
        });
        page.navigate("/models");
        page.fill("#username", ADMIN);
        page.fill("#password", ADMIN_PASSWORD);
        page.click("button[type=submit]");
        page.waitForURL("**/models");
        page.waitForSelector("#split-table tr[data-day='" + s.days().get(2) + "']");
        page.waitForSelector(
                "#options [name=classifier]",
                new Page.WaitForSelectorOptions()
                        .setState(com.microsoft.playwright.options.WaitForSelectorState.ATTACHED));

        // presets do what they say, pressed alone and in either order; then this test's own split
        page.click("#preset-bg");
        com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(page.locator("#preset-note"))
                .containsText("now counts as everyday sound");
        assertThat(page.locator("#split-table input[type=checkbox]").evaluateAll("els => els.every(e => e.checked)"))
                .as("every day's unlabelled sound counts, labelled days included")
                .isEqualTo(true);
        assertThat(page.locator("#split-table select").evaluateAll("els => els.filter(e => e.value === 'none').length"))
                .as("a day whose sound counts is in use")
                .isEqualTo(0);
        page.click("#preset-test");
        assertThat(page.locator("#split-table select").evaluateAll("els => els.filter(e => e.value === 'test').length"))
                .isNotEqualTo(0);
        assertThat(page.locator("#split-table input[type=checkbox]").evaluateAll("els => els.every(e => e.checked)"))
                .as("the test preset moves days, it does not untick them")
                .isEqualTo(true);
        page.click("#preset-clear");
        for (int d = 0; d < 3; d++) {
            String day = s.days().get(d).toString();
            page.selectOption("#split-table select[data-day='" + day + "']", d < 2 ? "train" : "test");
            page.check("#split-table input[type=checkbox][data-day='" + day + "']");
        }
        page.locator("#tag-choice input[name=tag]").evaluateAll("els => els.forEach(e => { e.checked = false; })");
        page.check("#tag-choice input[value='" + s.toneTag() + "']");
        page.check("#tag-choice input[value='" + s.noiseTag() + "']");
        // an option from the recognition module: no time-of-day prior (every event here is at 9 am)
        page.click("#options-box summary");
        page.fill("#options [name=timePriorWeight]", "0");
        String name = "browser model " + System.nanoTime() % 100000;
        page.fill("#model-name", name);
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(SHOTS.resolve("models-split.png"))
                .setFullPage(true));
        page.click("#train-button");

        page.waitForSelector("#job-card[data-state=succeeded]", new Page.WaitForSelectorOptions().setTimeout(300_000));
        page.waitForSelector("#model-card:not([hidden]) #confusion td");
        Locator cells = page.locator("#confusion td");
        int[][] counts = new int[3][3];
        for (int i = 0; i < cells.count(); i++) {
            Locator c = cells.nth(i);
            counts[Integer.parseInt(c.getAttribute("data-row"))][Integer.parseInt(c.getAttribute("data-col"))] =
                    Integer.parseInt(c.innerText().trim());
        }
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 3; c++) {
                if (c != r) {
                    assertThat(counts[r][r]).as("row %d dominates", r).isGreaterThan(counts[r][c]);
                }
            }
        }
        assertThat(page.locator("#per-tag tbody tr").count()).isEqualTo(3);
        // a fresh model has detected nothing live yet: its live precision says so
        assertThat(page.locator("#live-precision tbody").innerText()).contains("No live detections of this model yet");
        assertThat(page.locator("#training-summary").innerText())
                .contains("timePriorWeight=0")
                .contains("28 used of 28");
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(SHOTS.resolve("models.png"))
                .setFullPage(true));
        page.locator("#model-card")
                .screenshot(new Locator.ScreenshotOptions().setPath(SHOTS.resolve("models-results.png")));

        // honest figures: intervals and counts behind each, and what they cannot promise
        assertThat(page.locator("#per-tag tbody").innerText()).contains(" of ");
        assertThat(page.locator("#model-warnings").isVisible()).isTrue();
        assertThat(page.locator("#model-warnings").innerText()).contains("rest on 8 labelled clips");
        assertThat(page.locator("#unseen-hours").innerText()).contains("12 hours later");

        // the sensitivity slider: its figures follow it, and a saved setting is kept with the model
        Locator sens = page.locator("#sensitivity .sensitivity-row[data-tag='" + s.toneName() + "']");
        sens.locator(".figures").waitFor();
        assertThat(sens.innerText()).contains("as trained");
        String before = sens.locator(".figures").innerText();
        sens.locator("input[type=range]").focus();
        page.keyboard().press("Home"); // the strictest setting
        assertThat(sens.locator(".figures").innerText()).isNotEqualTo(before).contains("catches");
        assertThat(sens.locator(".pill").innerText()).contains("not saved");
        page.locator("#sensitivity-title").scrollIntoViewIfNeeded();
        page.locator("#sensitivity")
                .screenshot(new Locator.ScreenshotOptions().setPath(SHOTS.resolve("models-sensitivity.png")));
        sens.locator("button:has-text('Save')").click();
        page.locator("#sensitivity .sensitivity-row[data-tag='" + s.toneName() + "'] .pill:has-text('custom')")
                .waitFor();

        long modelId = ((Number) asAdmin()
                        .get("/api/v1/models")
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("findAll { it.name == '" + name + "' }.id")
                        .get(0))
                .longValue();
        assertThat(asAdmin()
                        .get("/api/v1/models/" + modelId + "/sensitivity")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getBoolean("tags.find { it.tag == '" + s.toneName() + "' }.custom"))
                .isTrue();
        page.locator("#sensitivity .sensitivity-row[data-tag='" + s.toneName()
                        + "'] button:has-text('Back to trained')")
                .click();
        page.locator("#sensitivity .sensitivity-row[data-tag='" + s.toneName() + "'] .pill:has-text('as trained')")
                .waitFor();
        Locator row = page.locator("#models-table tr[data-model='" + modelId + "']");
        row.locator("button:has-text('Activate')").click();
        row.locator(".badge.ok").waitFor();
        assertThat(page.locator("#active-summary").innerText()).contains(name);
        asAdmin()
                .get("/api/v1/models/active")
                .then()
                .statusCode(200)
                .body("modelId", org.hamcrest.Matchers.equalTo((int) modelId));
        // leave live detection as other tests expect it: off
        asAdmin()
                .contentType("application/json")
                .body("{\"modelId\": null}")
                .put("/api/v1/models/active")
                .then()
                .statusCode(200);
        page.context().close();
    }
}
