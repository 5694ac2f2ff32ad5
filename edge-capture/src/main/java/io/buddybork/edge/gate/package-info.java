/** The silence gate: which segments are worth keeping. */
package io.buddybork.edge.gate;
