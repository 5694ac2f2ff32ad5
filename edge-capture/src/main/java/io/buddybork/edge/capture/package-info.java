/** Audio sources, the capture reader thread, the ring buffer and gapless segmentation. */
package io.buddybork.edge.capture;
