/** Uploading spooled segments to the hub over HTTPS: client, pinned trust, backoff, workers. */
package io.buddybork.edge.upload;
