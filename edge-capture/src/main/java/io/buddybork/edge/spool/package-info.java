/** The durable on-disk queue of segments waiting for upload. */
package io.buddybork.edge.spool;
