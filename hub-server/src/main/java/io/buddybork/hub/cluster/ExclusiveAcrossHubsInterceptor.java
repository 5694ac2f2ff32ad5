package io.buddybork.hub.cluster;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a method marked {@link ExclusiveAcrossHubs} only while this hub holds the job's advisory
 * lock; otherwise skips it (returns null). The method's own exceptions pass through unchanged.
 */
@ExclusiveAcrossHubs("")
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_AFTER)
public class ExclusiveAcrossHubsInterceptor {

    @Inject
    AdvisoryLocks locks;

    @AroundInvoke
    Object around(InvocationContext ctx) throws Exception {
        ExclusiveAcrossHubs binding = ctx.getInterceptorBinding(ExclusiveAcrossHubs.class);
        String name = binding != null ? binding.value() : "";
        if (name.isBlank()) {
            name = ctx.getMethod().getDeclaringClass().getName() + "#"
                    + ctx.getMethod().getName();
        }
        AtomicReference<Object> result = new AtomicReference<>();
        locks.runExclusively(name, () -> result.set(ctx.proceed()));
        return result.get();
    }
}
