package io.buddybork.hub.admission;

import java.util.HashMap;
import java.util.Map;

/**
 * Ledger of request bodies the hub has admitted and not finished with: their declared bytes in
 * total, their number per client (credentials) and per client address. {@link #tryAdmit} either books a body against both limits or
 * says which limit refused it; {@link #release} gives the booking back. Thread-safe (one lock: a
 * booking touches two counters that must agree, and it is a few map operations).
 */
final class PendingBodies {

    /** Why a body was not admitted. */
    enum Refusal {
        /** The client already has its share of unfinished bodies. */
        CLIENT_LIMIT,
        /** All clients together hold the byte budget. */
        HUB_LIMIT
    }

    private final long maxBytes;
    private final int maxPerClient;
    private final int maxPerAddress;
    private final Map<String, Integer> perClient = new HashMap<>();
    private final Map<String, Integer> perAddress = new HashMap<>();
    private long bytes;

    PendingBodies(long maxBytes, int maxPerClient, int maxPerAddress) {
        this.maxBytes = maxBytes;
        this.maxPerClient = maxPerClient;
        this.maxPerAddress = maxPerAddress;
    }

    /**
     * Books {@code length} bytes for {@code client} at {@code address} (null: not counted per
     * address); null when admitted, else
     * the limit that refused (then nothing is booked).
     */
    synchronized Refusal tryAdmit(String client, String address, long length) {
        int held = perClient.getOrDefault(client, 0);
        int fromAddress = address == null ? 0 : perAddress.getOrDefault(address, 0);
        if (held >= maxPerClient || fromAddress >= maxPerAddress) {
            return Refusal.CLIENT_LIMIT;
        }
        if (bytes + length > maxBytes) {
            return Refusal.HUB_LIMIT;
        }
        perClient.put(client, held + 1);
        if (address != null) {
            perAddress.put(address, fromAddress + 1);
        }
        bytes += length;
        return null;
    }

    /** Gives back a booking made by {@link #tryAdmit}. */
    synchronized void release(String client, String address, long length) {
        perClient.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1);
        if (address != null) {
            perAddress.computeIfPresent(address, (k, n) -> n <= 1 ? null : n - 1);
        }
        bytes = Math.max(0, bytes - length);
    }

    /** Declared bytes of all admitted, unfinished bodies. */
    synchronized long pendingBytes() {
        return bytes;
    }

    /** Number of admitted, unfinished bodies. */
    synchronized int pendingBodies() {
        return perClient.values().stream().mapToInt(Integer::intValue).sum();
    }
}
