package io.buddybork.hub.auth;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Signs and checks the small values bound to a login session (session version, CSRF token) with
 * HMAC-SHA256 keys derived from the session encryption key. Stateless and thread-safe.
 */
@ApplicationScoped
public class SessionSecrets {

    private final byte[] versionKey;
    private final byte[] csrfKey;

    SessionSecrets(@ConfigProperty(name = SessionKeyConfigSourceFactory.KEY_PROPERTY) String encryptionKey) {
        byte[] master = encryptionKey.getBytes(StandardCharsets.UTF_8);
        this.versionKey = hmac(master, "buddybork session version v1");
        this.csrfKey = hmac(master, "buddybork csrf v1");
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
