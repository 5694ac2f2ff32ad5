/** Open-set model: standardiser, projector, classifier, score functions, per-tag thresholds, persistence. */
package io.buddybork.recognition.model;
