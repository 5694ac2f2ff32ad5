/** Records exchanged over HTTP between edge devices and the hub (API version 1). */
package io.buddybork.model.wire;
