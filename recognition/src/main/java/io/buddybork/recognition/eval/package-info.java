/** Offline evaluation: manifests, clip featurisation, open-set metrics. */
package io.buddybork.recognition.eval;
