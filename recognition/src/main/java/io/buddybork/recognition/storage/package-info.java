/** Durable file writes shared by the cache, the model store and evaluation outputs. */
package io.buddybork.recognition.storage;
