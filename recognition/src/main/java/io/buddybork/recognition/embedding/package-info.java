/**
 * Embedding stages that turn PCM into fixed-length vectors: the hand-made statistics, the
 * openWakeWord speech embedding (ONNX Runtime) and owner-supplied ONNX models described by JSON.
 */
package io.buddybork.recognition.embedding;
