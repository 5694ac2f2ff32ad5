/** The Buddybork edge agent: capture, segment, gate, spool, upload, follow the hub's capture switch. */
package io.buddybork.edge;
