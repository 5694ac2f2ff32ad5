/** Capture on/off pulled from the hub (long-poll), remembered across restarts. */
package io.buddybork.edge.control;
