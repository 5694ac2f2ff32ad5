package io.buddybork.hub.web;

import static io.buddybork.hub.testing.HubApi.ADMIN;
import static io.buddybork.hub.testing.HubApi.ADMIN_PASSWORD;
import static io.buddybork.hub.testing.HubApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.BoundingBox;
import com.microsoft.playwright.options.WaitForSelectorState;
import io.buddybork.hub.testing.HubApi;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Drives the web app in Debian's Chromium (headless, through Playwright): sign in, switch capture on
 * the dashboard and watch a live segment arrive, then walk the annotator from the day chart to the
 * macro-segment and create, retag and remove an annotation, checking the charts follow. Screenshots
 * go to {@code target/screenshots/}.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserWalkTest {
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

    private Page signedIn() {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                .setBaseURL(base.toString())
                .setViewportSize(1360, 900)
                .setLocale("en-GB"));
        Page page = context.newPage();
        // Generous on purpose: every wait ends as soon as its state is reached, and a busy
        // machine (a full build beside this test) can take many seconds to decode and draw.
        page.setDefaultTimeout(BrowserSupport.WAIT_MS);
        page.setDefaultNavigationTimeout(BrowserSupport.WAIT_MS);
        page.navigate("/annotator");
        assertThat(page.url()).endsWith("/login");
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("login.png")));
        page.fill("#username", ADMIN);
        page.fill("#password", ADMIN_PASSWORD);
        page.click("button[type=submit]");
        page.waitForURL("**/annotator");
        return page;
    }

    @Test
    void dashboardSwitchesCaptureAndShowsLiveSegments() {
        String name = "kitchen-" + System.nanoTime() % 100000;
        HubApi.Device device = HubApi.createDevice(name);
        HubApi.upload(device.token(), HubApi.nextStart(), SoundFixtures.segment(9000, 1, 1))
                .then()
                .statusCode(201);
        Page page = signedIn();
        page.navigate("/");
        Locator row = page.locator("#devices-table tr[data-device='" + device.id() + "']");
        row.waitFor();
        assertThat(row.innerText()).contains(name).contains("online");
        page.waitForSelector("#live-state[data-state=open]");

        long now = System.currentTimeMillis() / 3000 * 3000 - 3000;
        HubApi.upload(device.token(), now, SoundFixtures.segment(20000, 2, 2))
                .then()
                .statusCode(201);
        page.waitForSelector("#live-empty", new Page.WaitForSelectorOptions().setState(WaitForSelectorState.HIDDEN));

        row.locator("label.switch").click();
        page.waitForSelector(".toast.ok");
        assertThat(page.locator(".toast.ok").first().innerText()).contains("Capture off");
        asAdmin()
                .get("/api/v1/devices/" + device.id() + "/capture")
                .then()
                .statusCode(200)
                .body("enabled", org.hamcrest.Matchers.equalTo(false));
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(SHOTS.resolve("dashboard.png"))
                .setFullPage(true));
        row.locator("label.switch").click();
        page.waitForCondition(
                () -> page.locator(".toast.ok").allInnerTexts().stream().anyMatch(t -> t.contains("Capture on")));

        // user admin: add a viewer, see it listed
        page.navigate("/users");
        String viewer = "family" + System.nanoTime() % 100000;
        page.fill("#add-user-form input[name=username]", viewer);
        page.fill("#add-user-form input[name=password]", "a-long-password-1");
        page.click("#add-user-form button[type=submit]");
        page.waitForSelector("#users-table tr[data-user='" + viewer + "']");
        page.fill("#add-user-form input[name=username]", "x" + viewer);
        page.fill("#add-user-form input[name=password]", "short");
        page.evaluate(
                "() => document.querySelector('#add-user-form input[name=password]').removeAttribute('minlength')");
        page.click("#add-user-form button[type=submit]");
        page.waitForSelector(".toast.error");
        assertThat(page.locator(".toast.error").first().innerText()).contains("at least 10 characters");
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("users.png")));
        page.context().close();
    }

    @Test
    void annotatorWalksFromDayToMacroSegmentAndEditsAnnotations() {
        String suffix = Long.toString(System.nanoTime() % 100000);
        HubApi.Device device = HubApi.createDevice("garden-" + suffix);
        long barkTag = createTag("bark-" + suffix);
        createTag("doorbell-" + suffix);
        LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(3);
        long t0 = day.atTime(10, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
        for (int i = 0; i < 10; i++) {
            if (i == 4) {
                continue; // a gap: nothing uploaded (silence)
            }
            int peak = i == 2 || i == 7 ? 22000 : 2500;
            HubApi.upload(device.token(), t0 + i * 3000L, SoundFixtures.segment(peak, peak > 10000 ? 2 : 0, i))
                    .then()
                    .statusCode(201);
        }
        HubApi.upload(device.token(), t0 + 3600_000L * 5, SoundFixtures.segment(15000, 1, 99))
                .then()
                .statusCode(201);

        Page page = signedIn();
        String range = "from=" + day.minusDays(2) + "&to=" + day.plusDays(2) + "&device=" + device.id();
        page.navigate("/annotator#" + range);
        // the page is already open: only the hash changed, and the charts follow it
        String shown = day.minusDays(2) + " – " + day.plusDays(2) + " · garden-" + suffix;
        page.waitForCondition(() -> page.locator("#counts-range").innerText().equals(shown));
        page.waitForFunction("() => document.querySelector('#tag-totals').textContent.length > 0");
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("annotator-overview.png")));

        // 1. click the day's bar (the middle of five) in the segment-count chart
        BoundingBox counts = BrowserSupport.steadyBox(page.locator("#counts-chart .u-over"));
        page.mouse().click(counts.x + counts.width / 2, counts.y + counts.height * 0.5);
        page.waitForSelector("#day-card:not([hidden])");
        assertThat(page.locator("#day-title").innerText()).contains(day.toString());

        // 2. click the 10:00 cluster in the day chart
        Locator over = page.locator("#day-chart .u-over");
        over.waitFor();
        BoundingBox box = BrowserSupport.steadyBox(over);
        double x = box.x + box.width * (10.0 / 24.0) + 1;
        page.mouse().move(x, box.y + box.height / 2);
        page.mouse().click(x, box.y + box.height / 2);
        page.waitForSelector("#macro-card:not([hidden])");
        page.waitForCondition(() -> page.locator("#macro-title").innerText().contains(" – ")); // the window is loaded
        assertThat(page.locator("#macro-overlay .gap").count()).isGreaterThanOrEqualTo(1);

        // space plays the window (the cursor time moves on) and pauses it again
        String still = page.locator("#macro-time").innerText();
        page.keyboard().press(" ");
        page.waitForCondition(() -> page.locator("#play").innerText().contains("Pause"));
        page.waitForCondition(() -> !page.locator("#macro-time").innerText().equals(still));
        page.keyboard().press(" ");
        page.waitForCondition(() -> page.locator("#play").innerText().contains("Play"));
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(SHOTS.resolve("annotator-macro.png"))
                .setFullPage(true));

        // 3. drag a region and press 1: a "bark" annotation
        // the window scrolled itself into view smoothly: drag where it is once it stands still
        BoundingBox macro = BrowserSupport.steadyBox(page.locator("#macro"));
        page.mouse().move(macro.x + macro.width * 0.40, macro.y + 60);
        page.mouse().down();
        page.mouse()
                .move(
                        macro.x + macro.width * 0.48,
                        macro.y + 70,
                        new com.microsoft.playwright.Mouse.MoveOptions().setSteps(5));
        page.mouse().up();
        applyTag(page, "bark-" + suffix);
        page.waitForSelector("#macro-overlay .annot");
        waitForTotal(page, "bark-" + suffix, 1);
        List<Map<String, Object>> annots = annotations(day, device.id());
        assertThat(annots).hasSize(1);
        assertThat(((Number) annots.get(0).get("tagId")).longValue()).isEqualTo(barkTag);
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(SHOTS.resolve("annotator-annotated.png"))
                .setFullPage(true));
        page.locator("#macro-card")
                .screenshot(new Locator.ScreenshotOptions().setPath(SHOTS.resolve("macro-card.png")));

        // 4. click it and retag it with key 2
        page.locator("#macro-overlay .annot").first().click();
        page.waitForSelector("#annot-editor:not([hidden])");
        applyTag(page, "doorbell-" + suffix);
        waitForTotal(page, "doorbell-" + suffix, 1);
        assertThat(totals(page)).noneMatch(t -> t.startsWith("bark-" + suffix + " "));
        assertThat(annotations(day, device.id()).get(0).get("tagName")).isEqualTo("doorbell-" + suffix);

        // 5. remove it with Delete
        page.locator("#macro-overlay .annot").first().click();
        page.keyboard().press("Delete");
        page.waitForCondition(() -> totals(page).stream().noneMatch(t -> t.startsWith("doorbell-" + suffix + " ")));
        page.waitForCondition(() -> page.locator("#macro-overlay .annot").count() == 0);
        assertThat(annotations(day, device.id())).isEmpty();

        // a refused change shows its reason in the page
        applyTag(page, "bark-" + suffix);
        page.waitForSelector(".toast.error");
        assertThat(page.locator(".toast.error").first().innerText()).contains("Select a region first");

        // next / previous loud segment (n / p) move the window to another burst
        String before = page.locator("#macro-title").innerText();
        page.keyboard().press("n");
        page.waitForCondition(() -> !page.locator("#macro-title").innerText().equals(before));
        String after = page.locator("#macro-title").innerText();
        page.keyboard().press("p");
        page.waitForCondition(() -> !page.locator("#macro-title").innerText().equals(after));
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(SHOTS.resolve("annotator-day.png"))
                .setFullPage(true));

        // the help dialog opens with "?"
        page.keyboard().press("?");
        page.waitForSelector("#help-dialog[open]");
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("annotator-help.png")));
        page.keyboard().press("Escape");

        page.navigate("/tags");
        page.waitForSelector("#tags-table tr[data-tag='bark-" + suffix + "']");
        page.screenshot(
                new Page.ScreenshotOptions().setPath(SHOTS.resolve("tags.png")).setFullPage(true));
        page.context().close();
    }

    @Test
    void tagsPageCreatesRenamesAndDeletesOnlyWithExplicitConsent() {
        String suffix = Long.toString(System.nanoTime() % 1_000_000);
        HubApi.Device device = HubApi.createDevice("hall-" + suffix);
        Page page = signedIn();
        page.navigate("/tags");
        page.fill("#create-tag-form input[name=name]", "howl-" + suffix);
        page.click("#create-tag-form button[type=submit]");
        Locator howl = page.locator("#tags-table tr[data-tag='howl-" + suffix + "']");
        howl.waitFor();

        // a duplicate name is refused with the hub's reason, in the page
        page.fill("#create-tag-form input[name=name]", "HOWL-" + suffix);
        page.click("#create-tag-form button[type=submit]");
        page.waitForSelector(".toast.error");
        assertThat(page.locator(".toast.error").first().innerText()).containsIgnoringCase("exists");

        // rename through the prompt
        page.onceDialog(d -> d.accept("yowl-" + suffix));
        howl.locator("button", new Locator.LocatorOptions().setHasText("Rename"))
                .click();
        Locator yowl = page.locator("#tags-table tr[data-tag='yowl-" + suffix + "']");
        yowl.waitFor();
        long tagId = ((Number) asAdmin()
                        .get("/api/v1/tags")
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("findAll { it.name == 'yowl-" + suffix + "' }.id")
                        .get(0))
                .longValue();
        asAdmin()
                .contentType("application/json")
                .body(Map.of(
                        "deviceId",
                        device.id(),
                        "startMs",
                        1_760_000_000_000L,
                        "endMs",
                        1_760_000_001_000L,
                        "tagId",
                        tagId))
                .post("/api/v1/annotations")
                .then()
                .statusCode(201);
        page.reload();
        yowl.waitFor();
        assertThat(yowl.locator("td.num").innerText()).isEqualTo("1");

        // deleting a used tag without ticking "also delete its annotations" is refused and keeps it
        yowl.locator("button", new Locator.LocatorOptions().setHasText("Delete"))
                .click();
        page.waitForSelector("#delete-dialog[open]");
        assertThat(page.locator("#delete-cascade-label").isVisible()).isTrue();
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("tags-delete.png")));
        page.click("#delete-ok");
        page.waitForCondition(
                () -> page.locator(".toast.error").allInnerTexts().stream().anyMatch(t -> t.contains("annotation")));
        asAdmin()
                .get("/api/v1/tags")
                .then()
                .body("find { it.id == " + tagId + " }.annotations", org.hamcrest.Matchers.equalTo(1));

        // ticking it deletes the tag and its annotation
        yowl.locator("button", new Locator.LocatorOptions().setHasText("Delete"))
                .click();
        page.waitForSelector("#delete-dialog[open]");
        page.check("#delete-cascade");
        page.click("#delete-ok");
        yowl.waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.DETACHED));
        asAdmin()
                .get("/api/v1/annotations?from=2025-10-09&to=2025-10-09&deviceId=" + device.id())
                .then()
                .statusCode(200)
                .body("size()", org.hamcrest.Matchers.equalTo(0));
        page.context().close();
    }

    /** The per-tag totals the annotator shows over its annotation chart, e.g. "bark 2" (tags in use only). */
    private static List<String> totals(Page page) {
        return page.locator("#tag-totals .tag-chip").allInnerTexts().stream()
                .map(String::trim)
                .toList();
    }

    /** Waits until the annotator's totals show {@code count} annotations of {@code tag}. */
    private static void waitForTotal(Page page, String tag, int count) {
        page.waitForCondition(() -> totals(page).contains(tag + " " + count));
    }

    /** Applies a tag the way a user would: its number key when it has one, else its button. */
    private static void applyTag(Page page, String tag) {
        Locator button = page.locator("#tagbar button[data-tag='" + tag + "']");
        Locator key = button.locator("kbd");
        if (key.count() > 0) {
            page.keyboard().press(key.innerText());
        } else {
            button.click();
        }
    }

    private static long createTag(String name) {
        return ((Number) asAdmin()
                        .contentType("application/json")
                        .body(Map.of("name", name))
                        .post("/api/v1/tags")
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("id"))
                .longValue();
    }

    private static List<Map<String, Object>> annotations(LocalDate day, long deviceId) {
        return asAdmin()
                .get("/api/v1/annotations?from=" + day + "&to=" + day + "&deviceId=" + deviceId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
    }
}
