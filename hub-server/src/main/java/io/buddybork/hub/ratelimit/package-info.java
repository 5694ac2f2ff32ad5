/**
 * Request budgets kept in memory, per user: {@link io.buddybork.hub.ratelimit.PerUserRate}, the token
 * bucket behind the listening windows' per-user budget. Sign-in throttling, which every hub shares
 * through the database, is {@code auth.LoginRateLimiter}.
 */
package io.buddybork.hub.ratelimit;
