/**
 * Stand-ins for the classes whose Java-serialised form model files of format 1 hold: the legacy
 * reader maps those class names to these plain holders (same simple names, serial version and
 * fields), so that an old file is read into data without running any model code, and converted.
 */
package io.buddybork.recognition.model.legacy;
