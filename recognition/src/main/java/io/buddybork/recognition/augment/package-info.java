/**
 * Training-time augmentation: labelled examples mixed with the owner's background audio at random
 * signal-to-background ratios, gains and shifts, featurised and added to a training set.
 */
package io.buddybork.recognition.augment;
