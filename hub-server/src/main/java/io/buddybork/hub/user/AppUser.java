package io.buddybork.hub.user;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.security.jpa.Password;
import io.quarkus.security.jpa.PasswordType;
import io.quarkus.security.jpa.Roles;
import io.quarkus.security.jpa.UserDefinition;
import io.quarkus.security.jpa.Username;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/**
 * A person who signs in to the hub (table {@code app_user}); the security-jpa user definition.
 * Only {@link UserService} creates or changes users, so that the password and role rules hold.
 */
@Entity
@Table(name = "app_user")
@UserDefinition
public class AppUser extends PanacheEntityBase {
    @Id
    @Username
    public String username;

    /** bcrypt (cost 12) in modular crypt format. */
    @Password(PasswordType.MCF)
    public String password;

    /** {@code admin} or {@code viewer}; admins are given the viewer role too at sign-in. */
    @Roles
    public String role;

    /** Disabled users cannot sign in, whatever the credentials. */
    public boolean enabled;

    /** Bumped to end all of the user's sessions. */
    @Column(name = "session_version")
    public int sessionVersion;

    public OffsetDateTime created;
}
