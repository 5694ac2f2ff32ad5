package io.buddybork.hub.annotate;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** One labelled stretch of audio (table {@code annot}); changed only through {@link AnnotationService}. */
@Entity
@Table(name = "annot")
public class Annotation extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "device_id")
    public long deviceId;

    @Column(name = "start_time")
    public OffsetDateTime startTime;

    @Column(name = "end_time")
    public OffsetDateTime endTime;

    @Column(name = "tag_id")
    public long tagId;

    @Column(name = "created_by")
    public String createdBy;

    public OffsetDateTime created;
}
