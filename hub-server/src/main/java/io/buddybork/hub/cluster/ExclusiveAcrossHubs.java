package io.buddybork.hub.cluster;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a job (a {@code void} method, typically {@code @Scheduled}) that one hub at a time runs for
 * all hubs of a database: a call made while another hub (or another call on this hub) runs the job
 * of the same {@link #value() name} is skipped, not queued. See {@link AdvisoryLocks}.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface ExclusiveAcrossHubs {
    /** The job's name, the same on every hub (the lock is derived from it). */
    @Nonbinding
    String value();
}
