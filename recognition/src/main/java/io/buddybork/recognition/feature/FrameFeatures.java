package io.buddybork.recognition.feature;

/**
 * Frame-level features of one signal, for diagnostics, plots and tests (the segment path never
 * materialises these arrays). Arrays are owned by the caller.
 *
 * @param logMel log-mel energies in dB, {@code [frame][band]}
 * @param mfcc cepstral coefficients, {@code [frame][coefficient]}
 * @param energyDb frame energy in dBFS
 * @param active whether a frame counts as non-quiet in the segment statistics
 */
public record FrameFeatures(float[][] logMel, float[][] mfcc, float[] energyDb, boolean[] active) {}
