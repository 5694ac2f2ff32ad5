/** Crash-safe file writing shared by the edge agent, the hub and the recognition tools (Java 17, no frameworks). */
package io.buddybork.model.storage;
