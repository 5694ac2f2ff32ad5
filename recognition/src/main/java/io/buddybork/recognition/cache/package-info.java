/** Feature cache on disk keyed by segment identity and feature configuration. */
package io.buddybork.recognition.cache;
