/** The agent's counters and its local Prometheus status endpoint. */
package io.buddybork.edge.status;
