/** Log output that reads well in journald and on a terminal. */
package io.buddybork.edge.logging;
