/**
 * Feature vectors of stored segments for training and live detection, computed by the recognition
 * module and cached on disk under the data root.
 */
package io.buddybork.hub.feature;
