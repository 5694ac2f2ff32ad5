package io.buddybork.hub.auth;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Test helper: signs in through the login form like a browser and carries the session cookies. */
public final class WebSessions {
    private static final Pattern CSRF = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]*)\">");
    private static final AtomicInteger ADDRESS = new AtomicInteger(1);

    private WebSessions() {}

    /** A signed-in browser session. */
    public record Session(Map<String, String> cookies, String csrf) {}

    /** A client address of its own (X-Forwarded-For, trusted from loopback) so throttling tests do not meet. */
    public static String freshAddress() {
        int n = ADDRESS.getAndIncrement();
        return "10.77." + (n / 250) + "." + (n % 250 + 1);
    }

    /** Posts the login form. */
    public static Response postLogin(String username, String password, String address) {
        return given().redirects()
                .follow(false)
                .header("X-Forwarded-For", address)
                .formParam("username", username)
                .formParam("password", password)
                .post("/login");
    }

    /** Signs in and reads the CSRF token from the dashboard page. */
    public static Session login(String username, String password) {
        Response r = postLogin(username, password, freshAddress());
        if (r.statusCode() != 302 || !r.header("Location").endsWith("/")) {
            throw new AssertionError(
                    "login of " + username + " failed: " + r.statusCode() + " " + r.header("Location"));
        }
        Map<String, String> cookies = r.cookies();
        String page = given().cookies(cookies)
                .get("/")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        Matcher m = CSRF.matcher(page);
        if (!m.find()) {
            throw new AssertionError("no CSRF token on the dashboard");
        }
        return new Session(cookies, m.group(1));
    }
}
