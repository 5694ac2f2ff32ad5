package io.buddybork.hub.device;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Device bearer tokens: {@code bbd_} followed by 256 random bits in URL-safe Base64. Only the
 * SHA-256 of a token is stored; a fast hash is right here because the token has full entropy
 * (unlike a password). Thread-safe.
 */
public final class DeviceTokens {
    /** Prefix that makes a leaked token recognisable. */
    public static final String PREFIX = "bbd_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private DeviceTokens() {}

    /** A new random token. */
    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Lower-case hex SHA-256 of {@code token}, as stored in {@code device.token_hash}. */
    public static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code token} has the shape of a device token (cheap pre-check before hashing). */
    public static boolean looksValid(String token) {
        return token != null && token.length() == PREFIX.length() + 43 && token.startsWith(PREFIX);
    }
}
