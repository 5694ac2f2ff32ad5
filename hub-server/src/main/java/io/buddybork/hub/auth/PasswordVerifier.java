package io.buddybork.hub.auth;

import io.buddybork.hub.user.AppUser;
import io.buddybork.hub.user.UserConfig;
import io.buddybork.hub.user.UserRepository;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.security.AuthenticationFailedException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks a user name and password against {@code app_user} for {@link PasswordIdentityProvider}.
 * Unknown and disabled users are refused after the same bcrypt work as a real check, so response
 * times do not tell which names exist. A successful bcrypt check is remembered for a short while
 * (as a salted SHA-256 of the password, tied to the stored hash) so that API clients sending basic
 * credentials with every request do not pay 250 ms of bcrypt each time; the user row is still read
 * on every request, so a password change, role change or disabling applies at once. Blocking;
 * thread-safe.
 */
@ApplicationScoped
class PasswordVerifier {
    private static final long VERIFIED_TTL_NANOS = 10L * 60 * 1_000_000_000L;
    private static final int MAX_REMEMBERED = 10_000;

    private record Verified(String storedHash, byte[] digest, long expiresAtNanos) {}

    private final byte[] salt = new byte[32];
    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();
    private final UserRepository users;
    private final int bcryptCost;
    private volatile String decoyHash;

    PasswordVerifier(UserRepository users, UserConfig config) {
        this.users = users;
        this.bcryptCost = config.bcryptCost();
        new SecureRandom().nextBytes(salt);
    }

    /** The user if {@code password} is theirs and they may sign in; otherwise an {@link AuthenticationFailedException}. */
    AppUser verify(String username, String password) {
        Optional<AppUser> found = users.findForSignIn(username);
        if (found.isEmpty() || !found.get().enabled()) {
            // Spend the same bcrypt time as a real check, so response times do not tell which
            // user names exist or are disabled.
            BcryptUtil.matches(password, decoyHash());
        }
        AppUser user = UserIdentities.requireUsable(found);
        String name = user.username(); // the stored spelling: "Alice" and "alice" are one account
        byte[] digest = digest(name, password);
        Verified known = verified.get(name);
        long now = System.nanoTime();
        boolean ok = known != null
                && known.storedHash().equals(user.passwordHash())
                && now - known.expiresAtNanos() < 0
                && MessageDigest.isEqual(known.digest(), digest);
        if (!ok) {
            if (!BcryptUtil.matches(password, user.passwordHash())) {
                verified.remove(name);
                throw new AuthenticationFailedException("wrong password");
            }
            if (verified.size() >= MAX_REMEMBERED) {
                verified.clear();
            }
            verified.put(name, new Verified(user.passwordHash(), digest, now + VERIFIED_TTL_NANOS));
        }
        return user;
    }

    /** A bcrypt hash (at the cost of stored ones) of a random password nobody knows, made once. */
    private String decoyHash() {
        String hash = decoyHash;
        if (hash == null) {
            byte[] secret = new byte[24];
            new SecureRandom().nextBytes(secret);
            hash = BcryptUtil.bcryptHash(HexFormat.of().formatHex(secret), bcryptCost);
            decoyHash = hash;
        }
        return hash;
    }

    private byte[] digest(String username, String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            sha.update(username.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            return sha.digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
