package io.buddybork.hub.web;

import static io.buddybork.hub.testing.HubApi.ADMIN;
import static io.buddybork.hub.testing.HubApi.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.buddybork.hub.notify.WebhookReceiver;
import io.buddybork.hub.notify.WithMqtt;
import io.buddybork.hub.testing.Db;
import io.buddybork.hub.testing.OwnStart;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Notifications page in Chromium: the broker shown connected (and read-only, as the environment
 * sets it), an ntfy target added with its
 * topic masked, "send a test" reaching the receiver and the delivery log saying sent. Screenshot
 * in {@code target/screenshots/notifications.png} (docs/images).
 */
@QuarkusTest
@OwnStart
@TestProfile(WithMqtt.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotificationsBrowserTest {
    private static final Path SHOTS = Path.of("target", "screenshots");

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
    void anAdminAddsAnNtfyTargetSendsATestAndSeesItSentInTheLog() throws Exception {
        Db.update(ds, "delete from notify_target");
        try (var receiver = new WebhookReceiver()) {
            Page page = BrowserSupport.newPage(browser, base, 1280, 1100, false);
            BrowserSupport.signIn(page, "/notifications", ADMIN, ADMIN_PASSWORD);
            page.locator("#mqtt-state")
                    .filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("connected"))
                    .waitFor();

            page.fill("#add-target-form input[name=name]", "phone");
            page.selectOption("#add-target-form select[name=kind]", "ntfy");
            page.fill("#add-target-form input[name=url]", receiver.url("/buddybork-secret-topic"));
            page.click("#add-target-form button[type=submit]");
            var row = page.locator("#targets-table tr", new Page.LocatorOptions().setHasText("phone"));
            row.waitFor();
            assertThat(row.textContent()).contains("/bud****").doesNotContain("secret-topic");

            row.getByRole(
                            AriaRole.BUTTON,
                            new com.microsoft.playwright.Locator.GetByRoleOptions().setName("Send a test"))
                    .click();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !receiver.calls("/buddybork-secret-topic").isEmpty());
            assertThat(receiver.calls("/buddybork-secret-topic").getFirst().header("Title"))
                    .isEqualTo("Buddybork test");
            page.locator("#deliveries-table .pill", new Page.LocatorOptions().setHasText("sent"))
                    .first()
                    .waitFor();
            page.screenshot(new Page.ScreenshotOptions()
                    .setPath(SHOTS.resolve("notifications.png"))
                    .setFullPage(false));
        } finally {
            Db.update(ds, "delete from notify_target");
        }
    }

    @Test
    void aBrokerSetByTheEnvironmentIsShownReadOnly() {
        Page page = BrowserSupport.newPage(browser, base, 1280, 1100, false);
        BrowserSupport.signIn(page, "/notifications", ADMIN, ADMIN_PASSWORD);
        var url = page.locator("#mqtt-form input[name=url]");
        await().atMost(Duration.ofSeconds(30)).until(() -> WithMqtt.BROKER.equals(url.inputValue()));
        assertThat(url.isDisabled()).isTrue();
        assertThat(page.locator("#mqtt-form input[name=topicPrefix]").inputValue())
                .isEqualTo(WithMqtt.PREFIX);
        assertThat(page.locator("#mqtt-form button[type=submit]").isDisabled()).isTrue();
        assertThat(page.locator("#mqtt-source").textContent()).contains("set by the environment");
        page.close();
    }
}
