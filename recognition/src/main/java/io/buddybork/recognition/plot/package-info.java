/** PNG charts drawn with Java2D (headless): confusion matrix, PR curves, time-of-day densities. */
package io.buddybork.recognition.plot;
