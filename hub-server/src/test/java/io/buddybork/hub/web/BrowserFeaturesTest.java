package io.buddybork.hub.web;

import static io.buddybork.hub.testing.HubApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Mouse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.BoundingBox;
import com.microsoft.playwright.options.WaitForSelectorState;
import io.buddybork.hub.testing.HubApi;
import io.buddybork.hub.user.Roles;
import io.buddybork.hub.user.UserService;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Browser tests of the web app's finer features: the phone layout (top bar, a table), zooming the day chart, stacked
 * overlapping annotations and the window closing with the day, the devices panel and its dialogs,
 * the password dialog, and a deep link kept through sign-in. Each test makes its own data and
 * browser context, so they do not depend on each other or on their order.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserFeaturesTest {
    private static final Path SHOTS = Path.of("target", "screenshots");

    @TestHTTPResource("/")
    URL base;

    @Inject
    UserService users;

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
    void atPhoneWidthTheTopBarCollapsesIntoAMenuAndTablesScrollInsideTheirCards() {
        createTag("a-rather-long-tag-name-for-phones-" + System.nanoTime() % 100000);
        Page page = BrowserSupport.newPage(browser, base, 390, 844, true);
        BrowserSupport.signInAsAdmin(page, "/tags");
        page.locator("#tags-table tbody tr").first().waitFor();

        Locator toggle = page.locator("#menu-toggle");
        assertThat(toggle.isVisible()).isTrue();
        assertThat(page.locator(".mainnav").isVisible()).isFalse();
        assertThat(BrowserSupport.noSidewaysScroll(page))
                .as("the page must not scroll sideways at 390 px")
                .isTrue();
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(SHOTS.resolve("phone-tags.png"))
                .setFullPage(true));

        toggle.click();
        page.locator(".mainnav a[href='/users']").waitFor();
        assertThat(toggle.getAttribute("aria-expanded")).isEqualTo("true");
        BoundingBox bar = page.locator("header.topbar").boundingBox();
        for (String selector : List.of(
                ".mainnav a[href='/']",
                ".mainnav a[href='/annotator']",
                ".mainnav a[href='/tags']",
                ".mainnav a[href='/users']",
                "[data-help-open]",
                "form.inline button[type=submit]")) {
            BoundingBox b = page.locator("header.topbar " + selector).boundingBox();
            assertThat(b.x).as(selector + " left").isGreaterThanOrEqualTo(bar.x);
            assertThat(b.x + b.width).as(selector + " right").isLessThanOrEqualTo(bar.x + bar.width + 0.5);
            assertThat(b.y + b.height).as(selector + " bottom").isLessThanOrEqualTo(bar.y + bar.height + 0.5);
        }
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("phone-menu.png")));

        // the tags table is wider than the phone: it scrolls inside its card, the page does not
        Locator wrap = page.locator("#tags-table").locator("xpath=..");
        assertThat(wrap.getAttribute("class")).contains("table-wrap");
        BoundingBox w = wrap.boundingBox();
        assertThat(w.x + w.width).isLessThanOrEqualTo(390.5);
        assertThat((Boolean) wrap.evaluate("e => e.scrollWidth > e.clientWidth"))
                .isTrue();
        assertThat(BrowserSupport.noSidewaysScroll(page)).isTrue();

        for (String path : List.of("/", "/annotator", "/users")) {
            page.navigate(path);
            page.locator("main.page").waitFor();
            page.waitForLoadState();
            assertThat(BrowserSupport.noSidewaysScroll(page))
                    .as(path + " must not scroll sideways at 390 px")
                    .isTrue();
        }
        page.navigate("/");
        page.locator("#devices-table tbody tr").first().waitFor();
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(SHOTS.resolve("phone-dashboard.png"))
                .setFullPage(true));
        page.context().close();
    }

    @Test
    void dayChartZoomsByDragKeepsTheZoomWhileLabellingAndResets() {
        String suffix = Long.toString(System.nanoTime() % 100000);
        HubApi.Device device = HubApi.createDevice("zoom-" + suffix);
        long outer = createTag("zouter-" + suffix);
        long inner = createTag("zinner-" + suffix);
        LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(2);
        long t0 = day.atTime(10, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
        for (int i = 0; i < 8; i++) {
            if (i != 4) { // a gap: nothing uploaded (silence)
                HubApi.upload(device.token(), t0 + i * 3000L, SoundFixtures.segment(i % 3 == 0 ? 20000 : 3000, 1, i))
                        .then()
                        .statusCode(201);
            }
        }
        // one annotation inside another: both must stay clickable
        annotate(device.id(), t0 + 3000, t0 + 9000, outer);
        annotate(device.id(), t0 + 5000, t0 + 6000, inner);

        Page page = BrowserSupport.newPage(browser, base, 1280, 900, false);
        BrowserSupport.signInAsAdmin(
                page, "/annotator#from=" + day + "&to=" + day + "&device=" + device.id() + "&day=" + day);
        Locator over = page.locator("#day-chart .u-over");
        over.waitFor();

        // a tag key with no window open says why nothing happened
        page.keyboard().press("1");
        page.waitForCondition(() -> page.locator(".toast").allInnerTexts().stream()
                .anyMatch(t -> t.contains("Open a 15-second window first")));

        // drag across 09:50-10:15: the chart shows that stretch only, a reset control appears
        // (measured once the chart stands still: a drag at a stale box would zoom to another stretch)
        BoundingBox box = BrowserSupport.steadyBox(over);
        double x1 = box.x + box.width * (9 * 60 + 50) / 1440.0, x2 = box.x + box.width * (10 * 60 + 15) / 1440.0;
        page.mouse().move(x1, box.y + box.height / 2);
        page.mouse().down();
        page.mouse().move(x2, box.y + box.height / 2, new Mouse.MoveOptions().setSteps(8));
        page.mouse().up();
        page.waitForSelector("#zoom-reset:not([hidden])");
        String zoom = page.locator("#zoom-range").innerText();
        double dayStart = day.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        String[] range = zoom.split(" – ");
        double min = dayStart + LocalTime.parse(range[0]).toSecondOfDay(),
                max = dayStart + LocalTime.parse(range[1]).toSecondOfDay();
        assertThat(max - min).isBetween(20.0 * 60 - 120, 25.0 * 60 + 120);
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("annotator-zoomed.png")));

        // the segments are now far apart: click the first one and its window opens
        box = BrowserSupport.steadyBox(over);
        double xSeg = box.x + box.width * ((t0 / 1000.0 + 1.5) - min) / (max - min);
        page.mouse().click(xSeg, box.y + box.height / 2);
        page.waitForCondition(() -> page.locator("#macro-title").innerText().contains(" – ")); // the window is loaded
        Locator annots = page.locator("#macro-overlay .annot");
        page.waitForCondition(() -> annots.count() == 2);
        // in two lanes: one starts lower down than the other instead of lying on top of it. Both
        // tops in one evaluation, relative to the window: the page scrolls the opened window into
        // view smoothly, and two separate measurements would straddle part of that scroll.
        @SuppressWarnings("unchecked")
        List<Number> tops = (List<Number>) page.evaluate("() => { const o = document.querySelector('#macro-overlay')"
                + ".getBoundingClientRect().top; return [...document.querySelectorAll('#macro-overlay .annot')]"
                + ".map(a => a.getBoundingClientRect().top - o); }");
        assertThat(Math.abs(tops.get(0).doubleValue() - tops.get(1).doubleValue()))
                .isGreaterThan(20.0);

        // the inner one is clickable and selected, not the outer one
        page.locator("#macro-overlay .annot[data-annotation]")
                .filter(new Locator.FilterOptions().setHasText("zinner-" + suffix))
                .click();
        page.waitForSelector("#annot-editor:not([hidden])");
        assertThat(page.locator("#annot-editor-label").innerText()).contains("zinner-" + suffix);
        page.locator("#macro-card")
                .screenshot(new Locator.ScreenshotOptions().setPath(SHOTS.resolve("macro-lanes.png")));

        // relabel it: the annotations change, the zoom stays
        page.selectOption("#annot-editor-tag", Long.toString(outer));
        page.click("#annot-editor-save");
        page.waitForCondition(
                () -> page.locator(".toast.ok").allInnerTexts().stream().anyMatch(t -> t.contains("Now labelled")));
        assertThat(page.locator("#zoom-range").innerText()).isEqualTo(zoom);

        // a selection that lies only in the gap is refused with a message
        // (the widest gap of the window: where the window starts depends on the dot clicked)
        page.waitForFunction(
                "() => [...document.querySelectorAll('#macro-overlay .gap')].some(g => g.getBoundingClientRect().width > 20)");
        // The window scrolls itself into view smoothly and the detections table under it fills in
        // later: pin the scroll position and wait until it holds, so the drag lands where measured.
        page.evaluate(
                "() => document.querySelector('#macro-overlay').scrollIntoView({block: 'center', behavior: 'instant'})");
        page.waitForFunction("() => new Promise(r => { const y = window.scrollY;"
                + " requestAnimationFrame(() => requestAnimationFrame(() => r(window.scrollY === y))); })");
        @SuppressWarnings("unchecked")
        Map<String, Object> g = (Map<String, Object>)
                page.evaluate("() => { const r = [...document.querySelectorAll('#macro-overlay .gap')]"
                        + ".map(e => e.getBoundingClientRect()).sort((a, b) => b.width - a.width)[0];"
                        + " return { x: r.x, y: r.y, width: r.width }; }");
        double gx = ((Number) g.get("x")).doubleValue(), gy = ((Number) g.get("y")).doubleValue();
        double gw = ((Number) g.get("width")).doubleValue();
        page.mouse().move(gx + gw * 0.2, gy + 20);
        page.mouse().down();
        page.mouse().move(gx + gw * 0.8, gy + 25, new Mouse.MoveOptions().setSteps(4));
        page.mouse().up();
        page.locator("#tagbar button[data-tag='zinner-" + suffix + "']").click();
        page.waitForCondition(() -> page.locator(".toast.error").allInnerTexts().stream()
                .anyMatch(t -> t.contains("Nothing was recorded")));
        assertThat(annotationCount(day, device.id())).isEqualTo(2);

        // reset shows the whole day again
        page.click("#zoom-reset");
        page.waitForSelector("#zoom-reset", new Page.WaitForSelectorOptions().setState(WaitForSelectorState.HIDDEN));
        assertThat(page.locator("#zoom-range").innerText()).isEmpty();

        // the next day closes the window; days after today cannot be opened
        page.keyboard().press("]");
        page.waitForFunction(
                "d => document.querySelector('#day-title').textContent.startsWith(d)",
                day.plusDays(1).toString());
        page.waitForSelector("#macro-card", new Page.WaitForSelectorOptions().setState(WaitForSelectorState.HIDDEN));
        page.keyboard().press("]");
        page.waitForFunction(
                "d => document.querySelector('#day-title').textContent.startsWith(d)",
                day.plusDays(2).toString());
        assertThat(page.locator("#next-day").isDisabled()).isTrue();
        page.keyboard().press("]");
        page.waitForCondition(
                () -> page.locator(".toast").allInnerTexts().stream().anyMatch(t -> t.contains("no later day")));
        assertThat(page.locator("#day-title").innerText())
                .startsWith(day.plusDays(2).toString());
        page.context().close();
    }

    @Test
    void aFingerDraggedSidewaysOnThePhoneSelectsASpanOfTheWindow() {
        HubApi.Device device = HubApi.createDevice("touch-" + System.nanoTime() % 100000);
        LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(4);
        long t0 = day.atTime(8, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
        for (int i = 0; i < 5; i++) {
            HubApi.upload(device.token(), t0 + i * 3000L, SoundFixtures.segment(15000, 1, 40 + i))
                    .then()
                    .statusCode(201);
        }
        Page page = BrowserSupport.newPage(browser, base, 390, 844, true);
        BrowserSupport.signInAsAdmin(
                page,
                "/annotator#from=" + day + "&to=" + day + "&device=" + device.id() + "&day=" + day + "&win="
                        + device.id() + "&at=" + (t0 + 7500));
        page.waitForCondition(() -> page.locator("#macro-title").innerText().contains(" – ")); // the window is loaded
        Locator macro = page.locator("#macro");
        BrowserSupport.steadyBox(macro); // the page's own smooth scroll to the window ends first
        macro.scrollIntoViewIfNeeded();
        BoundingBox m = BrowserSupport.steadyBox(macro);
        // real touch events through the DevTools protocol (Playwright has taps only)
        com.microsoft.playwright.CDPSession cdp = page.context().newCDPSession(page);
        double y = m.y + m.height / 2;
        touch(cdp, "touchStart", m.x + m.width * 0.3, y);
        for (int step = 1; step <= 8; step++) {
            touch(cdp, "touchMove", m.x + m.width * (0.3 + 0.04 * step), y);
        }
        touch(cdp, "touchEnd", Double.NaN, y);
        page.waitForFunction("() => document.querySelector('#selection-info').textContent.startsWith('Selected')");
        assertThat(page.locator("#macro-overlay .selection").count()).isEqualTo(1);
        assertThat(BrowserSupport.noSidewaysScroll(page)).isTrue();
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(SHOTS.resolve("phone-annotator.png"))
                .setFullPage(true));
        page.context().close();
    }

    /** One touch event of a single finger at (x, y); {@code x} NaN for none (touchEnd). */
    private static void touch(com.microsoft.playwright.CDPSession cdp, String type, double x, double y) {
        com.google.gson.JsonArray points = new com.google.gson.JsonArray();
        if (!Double.isNaN(x)) { // touchEnd lists no points
            com.google.gson.JsonObject point = new com.google.gson.JsonObject();
            point.addProperty("x", x);
            point.addProperty("y", y);
            points.add(point);
        }
        com.google.gson.JsonObject args = new com.google.gson.JsonObject();
        args.addProperty("type", type);
        args.add("touchPoints", points);
        cdp.send("Input.dispatchTouchEvent", args);
    }

    @Test
    void adminAddsADeviceSeesItsTokenOnceThenRenamesAndRevokesItWhileViewersOnlyLook() {
        String name = "porch-" + System.nanoTime() % 100000;
        HubApi.Device existing = HubApi.createDevice("history-" + System.nanoTime() % 100000);
        long twoMinutesAgo = (System.currentTimeMillis() - 120_000) / 3000 * 3000;
        HubApi.upload(existing.token(), twoMinutesAgo, SoundFixtures.segment(18000, 1, 5))
                .then()
                .statusCode(201);

        Page page = BrowserSupport.newPage(browser, base, 1280, 900, false);
        BrowserSupport.signInAsAdmin(page, "/");
        // the live chart starts from history, before any new segment arrives
        page.waitForSelector("#live-empty", new Page.WaitForSelectorOptions().setState(WaitForSelectorState.HIDDEN));

        page.click("#add-device");
        page.waitForSelector("#device-dialog[open]");
        page.fill("#device-name", name);
        page.click("#device-dialog button[type=submit]");
        Locator token = page.locator("#device-token");
        token.waitFor();
        String secret = token.innerText().trim();
        assertThat(secret).hasSizeGreaterThan(20);
        String command = page.locator("#device-command").innerText();
        assertThat(command)
                .contains("install-edge.sh --hub " + base.toString().replaceAll("/$", "") + " --token-file ./token")
                .contains(secret);
        assertThat(page.locator("#device-dialog button", new Page.LocatorOptions().setHasText("Copy token"))
                        .isVisible())
                .isTrue();
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("device-added.png")));
        HubApi.asDevice(secret).get("/api/v1/capture-state?wait=0").then().statusCode(200);
        page.click("#device-dialog button:has-text('Done')");
        page.waitForSelector(
                "#device-dialog", new Page.WaitForSelectorOptions().setState(WaitForSelectorState.DETACHED));
        Locator row = page.locator("#devices-table tr", new Page.LocatorOptions().setHasText(name));
        row.waitFor();

        // rename
        row.locator("button:has-text('Rename')").click();
        page.waitForSelector("#rename-dialog[open]");
        page.fill("#rename-dialog input[name=name]", name + "-front");
        page.click("#rename-dialog button[type=submit]");
        Locator renamed = page.locator("#devices-table tr", new Page.LocatorOptions().setHasText(name + "-front"));
        renamed.waitFor();

        // revoke asks first; Cancel keeps the device
        renamed.locator("button:has-text('Revoke')").click();
        page.waitForSelector("#revoke-dialog[open]");
        page.click("#revoke-dialog [data-dialog-cancel]");
        page.waitForSelector(
                "#revoke-dialog", new Page.WaitForSelectorOptions().setState(WaitForSelectorState.DETACHED));
        HubApi.asDevice(secret).get("/api/v1/capture-state?wait=0").then().statusCode(200);
        renamed.locator("button:has-text('Revoke')").click();
        page.click("#revoke-dialog button[type=submit]");
        renamed.locator(".pill.revoked").waitFor();
        HubApi.asDevice(secret).get("/api/v1/capture-state?wait=0").then().statusCode(401);
        page.context().close();

        // a viewer sees the panel but cannot change anything
        String viewer = "looker" + System.nanoTime() % 100000;
        users.createUser(viewer, "a-long-password-1", Roles.VIEWER);
        Page view = BrowserSupport.newPage(browser, base, 1280, 900, false);
        BrowserSupport.signIn(view, "/", viewer, "a-long-password-1");
        Locator viewerRow = view.locator("#devices-table tr[data-device='" + existing.id() + "']");
        viewerRow.waitFor();
        assertThat(view.locator("#add-device").count()).isZero();
        assertThat(viewerRow.locator("button").count()).isZero();
        assertThat(viewerRow.locator("input[type=checkbox]").isDisabled()).isTrue();
        view.context().close();
    }

    @Test
    void passwordResetUsesADialogWithMaskedFieldsAndTheCreationRules() {
        String user = "resetme" + System.nanoTime() % 100000;
        users.createUser(user, "a-long-password-1", Roles.VIEWER);
        Page page = BrowserSupport.newPage(browser, base, 1280, 900, false);
        BrowserSupport.signInAsAdmin(page, "/users");
        Locator row = page.locator("#users-table tr[data-user='" + user + "']");
        row.locator("button:has-text('Reset password')").click();
        page.waitForSelector("#password-dialog[open]");
        assertThat(page.locator("#new-password").getAttribute("type")).isEqualTo("password");
        page.fill("#new-password", "a-new-password-22");
        page.fill("#repeat-password", "a-new-password-23");
        page.click("#password-dialog button[type=submit]");
        page.waitForSelector("#password-dialog .alert.error:has-text('differ')");
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("password-dialog.png")));
        page.fill("#repeat-password", "a-new-password-22");
        page.click("#password-dialog button[type=submit]");
        page.waitForSelector(
                "#password-dialog", new Page.WaitForSelectorOptions().setState(WaitForSelectorState.DETACHED));
        io.restassured.RestAssured.given()
                .auth()
                .preemptive()
                .basic(user, "a-new-password-22")
                .get("/api/v1/tags")
                .then()
                .statusCode(200);
        page.context().close();
    }

    @Test
    void aDeepLinkOpenedSignedOutKeepsItsHashThroughSignIn() {
        LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(5);
        String hash = "from=" + day.minusDays(1) + "&to=" + day.plusDays(1) + "&day=" + day;
        Page page = BrowserSupport.newPage(browser, base, 1280, 900, false);
        // a mistyped password first (a user of its own, so the admin's failure count stays clean):
        // the deep link must survive the failed attempt as well
        String user = "linker" + System.nanoTime() % 100000;
        users.createUser(user, "a-long-password-1", Roles.VIEWER);
        page.navigate("/annotator#" + hash);
        page.waitForURL("**/login**");
        page.fill("#username", user);
        page.fill("#password", "not-the-password");
        page.click("#login-form button[type=submit]");
        page.waitForSelector("#login-error");
        page.fill("#username", user.toUpperCase()); // user names are not case-sensitive
        page.fill("#password", "a-long-password-1");
        page.click("#login-form button[type=submit]");
        page.waitForURL(url -> url.contains("/annotator"));
        page.waitForSelector("#day-card:not([hidden])");
        assertThat(page.locator("#day-title").innerText()).startsWith(day.toString());
        assertThat(page.url()).contains("day=" + day);
        page.context().close();
    }

    @Test
    void browsersGetStyledErrorPagesAndTheLoginHelpOpensSignedOut() {
        Page page = BrowserSupport.newPage(browser, base, 390, 844, true);
        page.navigate("/login");
        page.click("#login-help");
        page.waitForSelector("#help-dialog[open]");
        assertThat(page.locator("#help-dialog").innerText()).contains("Forgot your password?");
        page.keyboard().press("Escape");
        page.navigate("/no-such-page");
        assertThat(page.locator("h1").innerText()).contains("404");
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("not-found.png")));
        page.context().close();
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

    private static void annotate(long deviceId, long startMs, long endMs, long tagId) {
        asAdmin()
                .contentType("application/json")
                .body(Map.of("deviceId", deviceId, "startMs", startMs, "endMs", endMs, "tagId", tagId))
                .post("/api/v1/annotations")
                .then()
                .statusCode(201);
    }

    private static int annotationCount(LocalDate day, long deviceId) {
        return asAdmin()
                .get("/api/v1/annotations?from=" + day + "&to=" + day + "&deviceId=" + deviceId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$")
                .size();
    }
}
