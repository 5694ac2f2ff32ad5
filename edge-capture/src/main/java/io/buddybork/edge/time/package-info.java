/** Injectable waiting, so that pacing, retries and backoff are testable without real waits. */
package io.buddybork.edge.time;
