package io.buddybork.hub.user;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies user name and password (HTTP basic, form login) against {@code app_user}, ahead of the
 * generic security-jpa provider, adding two things it lacks: disabled users are refused, and a
 * successful bcrypt check is remembered for a short while (as a salted SHA-256 of the password,
 * tied to the stored hash) so that API clients sending basic credentials with every request do not
 * pay 250 ms of bcrypt each time. The user row is still read on every request, so a password
 * change, role change or disabling applies at once. Thread-safe.
 */
@ApplicationScoped
public class UserPasswordIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {
    private static final long VERIFIED_TTL_NANOS = 10L * 60 * 1_000_000_000L;
    private static final int MAX_REMEMBERED = 10_000;

    private record Verified(String storedHash, byte[] digest, long expiresAtNanos) {}

    private final byte[] salt = new byte[32];
    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();
    private volatile String decoyHash;

    @Inject
    UserLookup users;

    public UserPasswordIdentityProvider() {
        new SecureRandom().nextBytes(salt);
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public int priority() {
        return SYSTEM_FIRST / 2; // before security-jpa's provider
    }

    @Override
    public Uni<SecurityIdentity> authenticate(
            UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
        String username = request.getUsername();
        String password = new String(request.getPassword().getPassword());
        return context.runBlocking(() -> {
            var found = users.find(username);
            if (found.isEmpty() || !found.get().enabled()) {
                // Spend the same bcrypt time as a real check, so response times do not tell which
                // user names exist or are disabled.
                BcryptUtil.matches(password, decoyHash());
                throw new AuthenticationFailedException(found.isEmpty() ? "unknown user" : "user is disabled");
            }
            var facts = found.get();
            String name = facts.username(); // the stored spelling: "Alice" and "alice" are one account
            byte[] digest = digest(name, password);
            Verified known = verified.get(name);
            long now = System.nanoTime();
            boolean ok = known != null
                    && known.storedHash().equals(facts.passwordHash())
                    && now - known.expiresAtNanos() < 0
                    && MessageDigest.isEqual(known.digest(), digest);
            if (!ok) {
                if (!BcryptUtil.matches(password, facts.passwordHash())) {
                    verified.remove(name);
                    throw new AuthenticationFailedException("wrong password");
                }
                if (verified.size() >= MAX_REMEMBERED) {
                    verified.clear();
                }
                verified.put(name, new Verified(facts.passwordHash(), digest, now + VERIFIED_TTL_NANOS));
            }
            return UserIdentities.of(facts);
        });
    }

    /** A bcrypt hash (cost 12, like real ones) of a random password nobody knows, made once. */
    private String decoyHash() {
        String hash = decoyHash;
        if (hash == null) {
            byte[] secret = new byte[24];
            new SecureRandom().nextBytes(secret);
            hash = BcryptUtil.bcryptHash(java.util.HexFormat.of().formatHex(secret), UserService.BCRYPT_COST);
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
