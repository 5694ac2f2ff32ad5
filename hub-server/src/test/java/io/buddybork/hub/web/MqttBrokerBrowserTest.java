package io.buddybork.hub.web;

import static io.buddybork.hub.testing.HubApi.ADMIN;
import static io.buddybork.hub.testing.HubApi.ADMIN_PASSWORD;
import static io.buddybork.hub.testing.HubApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.buddybork.hub.notify.MqttSubscriber;
import io.buddybork.hub.notify.WithMqtt;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The broker form on the Notifications page in Chromium, without an environment broker: saved and connected at once. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MqttBrokerBrowserTest {
    @TestHTTPResource("/")
    URL base;

    private BrowserSupport chromium;
    private Browser browser;

    @BeforeAll
    void launch() {
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
    void anAdminSavesABrokerAndTheHubConnectsWithoutARestart() throws Exception {
        String prefix = "bbweb-" + UUID.randomUUID().toString().substring(0, 8);
        try (var sub = new MqttSubscriber(prefix + "/status")) {
            Page page = BrowserSupport.newPage(browser, base, 1280, 1100, false);
            BrowserSupport.signIn(page, "/notifications", ADMIN, ADMIN_PASSWORD);
            page.locator("#mqtt-state")
                    .filter(new Locator.FilterOptions().setHasText("not configured"))
                    .waitFor();
            page.fill("#mqtt-form input[name=url]", WithMqtt.BROKER);
            page.fill("#mqtt-form input[name=password]", "web-secret-pw");
            page.fill("#mqtt-form input[name=topicPrefix]", prefix);
            page.fill("#mqtt-form input[name=discoveryPrefix]", "ha" + prefix);

            page.waitForResponse(
                    r -> r.url().endsWith("/api/v1/notifications/mqtt")
                            && "PUT".equals(r.request().method()),
                    () -> page.click("#mqtt-form button[type=submit]"));
            await().atMost(Duration.ofSeconds(30)).until(() -> "online".equals(sub.last(prefix + "/status")));
            page.reload(); // the page looks again 3 s after saving; under load the hub may take longer
            page.locator("#mqtt-state")
                    .filter(new Locator.FilterOptions().setHasText("connected"))
                    .waitFor();
            assertThat(page.locator("#mqtt-form input[name=password]").inputValue())
                    .isEmpty();
            assertThat(page.content()).doesNotContain("web-secret-pw");
            page.close();
        } finally {
            asAdmin()
                    .contentType("application/json")
                    .body(Map.of("url", "", "password", ""))
                    .put("/api/v1/notifications/mqtt")
                    .then()
                    .statusCode(200);
        }
    }
}
