package io.buddybork.hub.notify;

/**
 * One line of the delivery log as the admin sees it: which target, why ({@code episode} or
 * {@code test}), its status ({@code pending}, {@code retrying}, {@code sent}, {@code failed}), how
 * many attempts so far and the last error. Times are epoch ms ({@code nextTryMs} null when none is due).
 */
public record DeliveryView(
        long id,
        long targetId,
        String target,
        Long episodeId,
        Long tagId,
        String kind,
        String status,
        int attempts,
        String lastError,
        long createdMs,
        long updatedMs,
        Long nextTryMs) {}
