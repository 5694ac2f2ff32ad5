package io.buddybork.hub.auth;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Signs and checks the small values bound to a login session (session version, CSRF token) and
 * the device cookie of a browser that signed in before, with HMAC-SHA256 keys derived from the
 * session encryption key. Stateless and thread-safe.
 */
@ApplicationScoped
public class SessionSecrets {

    private final byte[] versionKey;
    private final byte[] csrfKey;
    private final byte[] deviceKey;
    private final SecureRandom random = new SecureRandom();

    SessionSecrets(@ConfigProperty(name = SessionKeyConfigSourceFactory.KEY_PROPERTY) String encryptionKey) {
        byte[] master = encryptionKey.getBytes(StandardCharsets.UTF_8);
        this.versionKey = hmac(master, "buddybork session version v1");
        this.csrfKey = hmac(master, "buddybork csrf v1");
        this.deviceKey = hmac(master, "buddybork device cookie v1");
    }

    /**
     * A new device cookie value for {@code username}, issued at {@code issued}:
     * {@code <user, base64url>.<nonce>.<issued epoch seconds>.<mac>}. The nonce names this browser
     * to the login throttle; user names are not case-sensitive, so the lower-case spelling is signed.
     */
    public String newDeviceCookieValue(String username, Instant issued) {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        String user = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(username.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
        String unsigned = user + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(nonce) + "."
                + issued.getEpochSecond();
        return unsigned + "." + mac(deviceKey, unsigned);
    }

    /**
     * The nonce of a device cookie value if its MAC is valid, it names {@code username} and it was
     * issued less than {@code maxAge} before {@code now}; otherwise null.
     */
    public String verifiedDeviceNonce(String username, String cookieValue, Instant now, Duration maxAge) {
        if (cookieValue == null || username == null) {
            return null;
        }
        int lastDot = cookieValue.lastIndexOf('.');
        if (lastDot <= 0) {
            return null;
        }
        String unsigned = cookieValue.substring(0, lastDot);
        byte[] expected = mac(deviceKey, unsigned).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, cookieValue.substring(lastDot + 1).getBytes(StandardCharsets.US_ASCII))) {
            return null;
        }
        String[] parts = unsigned.split("\\.", -1);
        if (parts.length != 3) {
            return null;
        }
        String user = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(username.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
        if (!user.equals(parts[0])) {
            return null;
        }
        Instant issued;
        try {
            issued = Instant.ofEpochSecond(Long.parseLong(parts[2]));
        } catch (NumberFormatException | java.time.DateTimeException e) {
            return null;
        }
        if (issued.isAfter(now.plus(Duration.ofMinutes(5))) || !now.isBefore(issued.plus(maxAge))) {
            return null;
        }
        return parts[1];
    }

    /** Cookie value binding {@code username} to {@code version}: {@code <version>.<mac>}. */
    public String versionCookieValue(String username, int version) {
        return version + "." + mac(versionKey, username + "\n" + version);
    }

    /**
     * The session version carried by a cookie value if its MAC is valid for {@code username},
     * otherwise -1.
     */
    public int verifiedVersion(String username, String cookieValue) {
        if (cookieValue == null) {
            return -1;
        }
        int dot = cookieValue.indexOf('.');
        if (dot <= 0) {
            return -1;
        }
        int version;
        try {
            version = Integer.parseInt(cookieValue.substring(0, dot));
        } catch (NumberFormatException e) {
            return -1;
        }
        String expected = versionCookieValue(username, version);
        return MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.US_ASCII), cookieValue.getBytes(StandardCharsets.US_ASCII))
                ? version
                : -1;
    }

    /** The CSRF token of one session: changes whenever the user's session version changes. */
    public String csrfToken(String username, int sessionVersion) {
        return mac(csrfKey, username + "\n" + sessionVersion);
    }

    /** Constant-time comparison of a presented CSRF token with the session's token. */
    public boolean csrfMatches(String username, int sessionVersion, String presented) {
        if (presented == null) {
            return false;
        }
        return MessageDigest.isEqual(
                csrfToken(username, sessionVersion).getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII));
    }

    private static String mac(byte[] key, String data) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(key, data));
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
