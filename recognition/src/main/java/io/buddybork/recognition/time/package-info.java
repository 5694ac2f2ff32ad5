/** Time-of-day models: circular densities over the 24-hour day per tag, usable as a prior. */
package io.buddybork.recognition.time;
