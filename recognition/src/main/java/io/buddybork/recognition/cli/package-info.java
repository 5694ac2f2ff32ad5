/** The {@code recognition} command line: featurize, train, test, eval, compare, fit-time-model. */
package io.buddybork.recognition.cli;
