package io.buddybork.hub.device;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/**
 * A capture device (table {@code device}). The bearer token is never stored, only its SHA-256.
 * Changed only through {@link DeviceService}.
 */
@Entity
@Table(name = "device")
public class Device extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String name;

    @Column(name = "token_hash")
    public String tokenHash;

    @Column(name = "capture_enabled")
    public boolean captureEnabled;

    @Column(name = "capture_version")
    public long captureVersion;

    public OffsetDateTime created;

    @Column(name = "last_seen")
    public OffsetDateTime lastSeen;

    public OffsetDateTime revoked;
}
