/** Audio featurisation: framing, FFT, mel filterbank, MFCC, spectral descriptors, segment statistics. */
package io.buddybork.recognition.feature;
