package io.buddybork.hub.user;

import io.buddybork.hub.problem.ProblemException;
import io.quarkus.elytron.security.common.BcryptUtil;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Owns the users and their rules: user names, password strength (bcrypt, cost
 * {@link UserConfig#bcryptCost()}, at most 72 bytes as bcrypt reads no more), roles, enabling, and the session version that ends a user's
 * sessions. There is always at least one enabled admin once one exists: the last one cannot be
 * disabled, demoted or deleted. Thread-safe; each method is one transaction.
 */
@ApplicationScoped
public class UserService {
    /** Shortest password accepted, in characters. */
    public static final int MIN_PASSWORD_CHARS = 10;
    /** Longest password accepted, in UTF-8 bytes (bcrypt ignores the rest). */
    public static final int MAX_PASSWORD_BYTES = 72;

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");

    private static final Logger LOG = Logger.getLogger(UserService.class);

    private final UserRepository users;
    private final int bcryptCost;

    UserService(UserRepository users, UserConfig config) {
        this.users = users;
        this.bcryptCost = config.bcryptCost();
        if (bcryptCost < UserConfig.WEAK_COST) {
            LOG.warnf(
                    "buddybork.users.bcrypt-cost is %d: passwords stored now are cheap to guess (use %d outside tests)",
                    bcryptCost, UserConfig.WEAK_COST);
        }
    }

    /** bcrypt work factor of passwords stored from now on. */
    public int bcryptCost() {
        return bcryptCost;
    }

    /** Creates a user; {@code role} is {@code admin} or {@code viewer}. */
    @Transactional
    public UserView createUser(String username, String password, String role) {
        requireValidUsername(username);
        requireValidPassword(password);
        requireValidRole(role);
        Optional<AppUser> same = users.find(username);
        if (same.isPresent()) {
            throw ProblemException.conflict(
                    "user-exists",
                    "a user named '" + same.get().username() + "' already exists"
                            + (same.get().username().equals(username) ? "" : " (user names are not case-sensitive)"));
        }
        return UserView.of(users.insert(username, BcryptUtil.bcryptHash(password, bcryptCost), role));
    }

    /** Replaces the password and ends the user's sessions. */
    @Transactional
    public UserView setPassword(String username, String password) {
        requireValidPassword(password);
        AppUser user = require(username);
        return UserView.of(users.setPasswordHash(user.username(), BcryptUtil.bcryptHash(password, bcryptCost)));
    }

    /** Changes the role and ends the user's sessions; the last enabled admin keeps its role. */
    @Transactional
    public UserView setRole(String username, String role) {
        requireValidRole(role);
        AppUser user = require(username);
        if (user.role().equals(role)) {
            return UserView.of(user);
        }
        if (Roles.ADMIN.equals(user.role())) {
            requireAnotherEnabledAdmin(user);
        }
        return UserView.of(users.setRole(user.username(), role));
    }

    /** Enables or disables the user; disabling ends the user's sessions. */
    @Transactional
    public UserView setEnabled(String username, boolean enabled) {
        AppUser user = require(username);
        if (user.enabled() == enabled) {
            return UserView.of(user);
        }
        if (!enabled && Roles.ADMIN.equals(user.role())) {
            requireAnotherEnabledAdmin(user);
        }
        return UserView.of(users.setEnabled(user.username(), enabled));
    }

    /** Ends every session of the user ("log out everywhere"). */
    @Transactional
    public UserView bumpSessionVersion(String username) {
        return UserView.of(users.bumpSessionVersion(require(username).username()));
    }

    /** Deletes the user; their annotations stay, with no author. The last enabled admin stays. */
    @Transactional
    public void deleteUser(String username) {
        AppUser user = require(username);
        if (Roles.ADMIN.equals(user.role()) && user.enabled()) {
            requireAnotherEnabledAdmin(user);
        }
        users.delete(user.username());
    }

    /** Whether {@code password} is the user's current password (enabled users only). */
    @Transactional
    public boolean checkPassword(String username, String password) {
        AppUser user = users.find(username).orElse(null);
        return user != null && user.enabled() && password != null && BcryptUtil.matches(password, user.passwordHash());
    }

    /** All users by name. */
    @Transactional
    public List<UserView> list() {
        return users.list().stream().map(UserView::of).toList();
    }

    /** One user, whatever the case of {@code username}. */
    @Transactional
    public Optional<UserView> find(String username) {
        return users.find(username).map(UserView::of);
    }

    /** Number of users. */
    @Transactional
    public long count() {
        return users.count();
    }

    private AppUser require(String username) {
        return users.find(username)
                .orElseThrow(() -> ProblemException.notFound("unknown-user", "no user named '" + username + "'"));
    }

    private void requireAnotherEnabledAdmin(AppUser user) {
        if (users.otherEnabledAdmins(user.username()) == 0) {
            throw ProblemException.conflict(
                    "last-admin", "'" + user.username() + "' is the only enabled admin; make another admin first");
        }
    }

    /** Refuses user names other than 1-64 of letters, digits and {@code _ . @ -}. */
    public static void requireValidUsername(String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw ProblemException.badRequest("invalid-username", "a user name is 1 to 64 letters, digits or _ . @ -");
        }
    }

    /** Refuses passwords shorter than 10 characters or longer than 72 UTF-8 bytes. */
    public static void requireValidPassword(String password) {
        if (password == null
                || password.codePointCount(0, password.length()) < MIN_PASSWORD_CHARS
                || password.isBlank()) {
            throw ProblemException.badRequest(
                    "weak-password", "a password needs at least " + MIN_PASSWORD_CHARS + " characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw ProblemException.badRequest(
                    "password-too-long", "a password can be at most " + MAX_PASSWORD_BYTES + " bytes (UTF-8)");
        }
    }

    private static void requireValidRole(String role) {
        if (!Roles.ADMIN.equals(role) && !Roles.VIEWER.equals(role)) {
            throw ProblemException.badRequest("invalid-role", "role must be 'admin' or 'viewer', got '" + role + "'");
        }
    }
}
