/** WAV/PCM encoding and strict decoding for segments. */
package io.buddybork.model.wav;
