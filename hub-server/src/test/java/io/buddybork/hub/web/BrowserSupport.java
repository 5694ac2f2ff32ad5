package io.buddybork.hub.web;

import static io.buddybork.hub.testing.HubApi.ADMIN;
import static io.buddybork.hub.testing.HubApi.ADMIN_PASSWORD;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.BoundingBox;
import java.net.URL;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

/**
 * Starts Debian's Chromium through Playwright and signs in, the same way for every browser test. An
 * instance owns one Playwright and its browser and closes both ({@link #start()}, {@link #close()});
 * a test class holds one for all its tests. Not thread-safe (Playwright is not).
 */
public final class BrowserSupport implements AutoCloseable {
    /**
     * Longest wait for a state a test needs. Waits end as soon as the state is reached, so this is
     * only the point of giving up; it is large because a busy machine is slow, not wrong.
     */
    public static final double WAIT_MS = 120_000;

    static final String CHROMIUM = System.getProperty("buddybork.chromium", "/usr/bin/chromium");

    private final Playwright playwright;
    private final Browser browser;

    private BrowserSupport(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    /** Playwright with Debian's Chromium launched; close it to end both. */
    public static BrowserSupport start() {
        Playwright playwright = playwright();
        try {
            return new BrowserSupport(playwright, launch(playwright));
        } catch (RuntimeException e) {
            playwright.close();
            throw e;
        }
    }

    /** The launched browser. */
    public Browser browser() {
        return browser;
    }

    /** Closes the browser, then Playwright (also when the browser would not close). */
    @Override
    public void close() {
        try {
            browser.close();
        } finally {
            playwright.close();
        }
    }

    /** Debian's Chromium, headless, with the flags this machine's closed network needs. */
    private static Browser launch(Playwright playwright) {
        return playwright
                .chromium()
                .launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(Paths.get(CHROMIUM))
                        .setHeadless(true)
                        .setArgs(List.of(
                                "--headless",
                                "--no-sandbox",
                                "--disable-gpu",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--disable-sync",
                                "--no-first-run",
                                "--autoplay-policy=no-user-gesture-required")));
    }

    /** Playwright that never downloads a browser of its own. */
    private static Playwright playwright() {
        return Playwright.create(
                new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    }

    /** A page of its own (fresh cookies) of the given size. */
    static Page newPage(Browser browser, URL base, int width, int height, boolean touch) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                .setBaseURL(base.toString())
                .setViewportSize(width, height)
                .setLocale("en-GB")
                // the hub's zone in tests: what a page shows then does not hang on the machine's zone
                .setTimezoneId("UTC")
                .setHasTouch(touch)
                .setIsMobile(touch));
        Page page = context.newPage();
        page.setDefaultTimeout(WAIT_MS);
        page.setDefaultNavigationTimeout(WAIT_MS);
        return page;
    }

    /** Opens {@code path} signed out, signs in on the login page it leads to, and waits to be back. */
    static Page signIn(Page page, String path, String user, String password) {
        page.navigate(path);
        page.waitForURL("**/login**");
        page.fill("#username", user);
        page.fill("#password", password);
        page.click("#login-form button[type=submit]");
        page.waitForURL(url -> !url.contains("/login"));
        return page;
    }

    static Page signInAsAdmin(Page page, String path) {
        return signIn(page, path, ADMIN, ADMIN_PASSWORD);
    }

    /**
     * The element's box once it stands still: the same position and size, and the same scroll
     * position of the page, over three animation frames. Mouse and touch input lands at viewport
     * coordinates, so a box measured while the page still scrolls smoothly, or while a chart is
     * redrawn to its final width, sends the pointer elsewhere; on a busy machine that is most runs.
     */
    public static BoundingBox steadyBox(Locator locator) {
        locator.evaluate("""
                e => new Promise(done => {
                  let last = '', same = 0;
                  const tick = () => {
                    const r = e.getBoundingClientRect();
                    const now = [r.x, r.y, r.width, r.height, window.scrollX, window.scrollY].join();
                    same = now === last ? same + 1 : 0;
                    last = now;
                    if (same >= 3) done(true); else requestAnimationFrame(tick);
                  };
                  requestAnimationFrame(tick);
                })""");
        return locator.boundingBox();
    }

    /** Whether the page is no wider than its viewport (a phone's page must not scroll sideways). */
    public static boolean noSidewaysScroll(Page page) {
        // the viewport's width, not window.innerWidth: a mobile browser widens its layout viewport
        // to fit content that is too wide, so innerWidth grows with the very overflow looked for
        return ((Number) page.evaluate("() => document.documentElement.scrollWidth")).intValue()
                <= page.viewportSize().width;
    }
}
