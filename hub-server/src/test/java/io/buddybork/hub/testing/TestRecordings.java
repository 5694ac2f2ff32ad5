package io.buddybork.hub.testing;

import io.buddybork.model.SegmentFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Recordings for the import tests: tones and silence as samples, WAV files of any shape, the FLAC resources. */
public final class TestRecordings {
    private static final int RATE = SegmentFormat.SAMPLE_RATE;

    private TestRecordings() {}

    /** {@code millis} of a sine at {@code hz} whose peak is {@code peak}, at 44.1 kHz. */
    public static short[] tone(int millis, int peak, double hz) {
        short[] s = new short[(int) ((long) millis * RATE / 1000)];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) Math.round(peak * Math.sin(2 * Math.PI * hz * i / RATE));
        }
        return s;
    }

    /** {@code millis} of low noise (max |sample| {@code peak}), at 44.1 kHz. */
    public static short[] hush(int millis, int peak) {
        short[] s = new short[(int) ((long) millis * RATE / 1000)];
        java.util.Random random = new java.util.Random(millis + peak);
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) (random.nextInt(2 * peak + 1) - peak);
        }
        return s;
    }

    /** The parts one after the other. */
    public static short[] concat(short[]... parts) {
        int n = 0;
        for (short[] p : parts) {
            n += p.length;
        }
        short[] all = new short[n];
        int at = 0;
        for (short[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    /** A 16-bit PCM WAV of {@code channels} at {@code rate}: channel {@code c} plays {@code samples[c]}. */
    public static byte[] wav(int rate, short[]... channels) {
        int frames = channels[0].length;
        int n = channels.length;
        int dataBytes = frames * n * 2;
        ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + dataBytes).put("WAVE".getBytes());
        b.put("fmt ".getBytes())
                .putInt(16)
                .putShort((short) 1)
                .putShort((short) n)
                .putInt(rate)
                .putInt(rate * n * 2)
                .putShort((short) (n * 2))
                .putShort((short) 16);
        b.put("data".getBytes()).putInt(dataBytes);
        for (int i = 0; i < frames; i++) {
            for (short[] channel : channels) {
                b.putShort(channel[i]);
            }
        }
        return b.array();
    }

    /** A mono 44.1 kHz WAV. */
    public static byte[] wav(short[] mono) {
        return wav(RATE, mono);
    }

    /** A file under {@code src/test/resources/recordings/} (see the README there). */
    public static byte[] resource(String name) {
        try (InputStream in = TestRecordings.class.getResourceAsStream("/recordings/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test recording " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
