package io.buddybork.hub.testing;

import io.buddybork.model.SegmentFormat;
import io.buddybork.model.wav.WavCodec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/** WAV bodies for tests: valid segments and each way of being invalid. */
public final class TestWavs {
    private TestWavs() {}

    /** A valid mono 16-bit 44.1 kHz segment of {@code millis} whose loudest sample is {@code peak}. */
    public static byte[] segment(int millis, int peak, long seed) {
        int frames = (int) ((long) millis * SegmentFormat.SAMPLE_RATE / 1000);
        short[] samples = new short[frames];
        java.util.Random random = new java.util.Random(seed);
        for (int i = 0; i < frames; i++) {
            samples[i] = (short) (random.nextInt(2 * (peak / 2) + 1) - peak / 2);
        }
        samples[frames / 2] = (short) -peak;
        return WavCodec.encode(samples, SegmentFormat.SAMPLE_RATE);
    }

    /** A valid 3 s segment, distinct per seed. */
    public static byte[] segment(long seed) {
        return segment(3000, 12_000, seed);
    }

    /** A canonical header with the given format fields over {@code dataBytes} zero bytes. */
    public static byte[] withFormat(int format, int channels, int sampleRate, int bits, int dataBytes) {
        int blockAlign = channels * bits / 8;
        ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + dataBytes).put("WAVE".getBytes());
        b.put("fmt ".getBytes())
                .putInt(16)
                .putShort((short) format)
                .putShort((short) channels)
                .putInt(sampleRate)
                .putInt(sampleRate * blockAlign)
                .putShort((short) blockAlign)
                .putShort((short) bits);
        b.put("data".getBytes()).putInt(dataBytes);
        return b.array();
    }

    /** Stereo 16-bit 44.1 kHz. */
    public static byte[] stereo() {
        return withFormat(1, 2, 44_100, 16, 4000);
    }

    /** Mono 8-bit. */
    public static byte[] eightBit() {
        return withFormat(1, 1, 44_100, 8, 4000);
    }

    /** Mono 16-bit at 48 kHz. */
    public static byte[] rate48k() {
        return withFormat(1, 1, 48_000, 16, 4000);
    }

    /** IEEE float format tag. */
    public static byte[] notPcm() {
        return withFormat(3, 1, 44_100, 32, 4000);
    }

    /** A valid segment cut short: the header promises more than the body holds. */
    public static byte[] truncated() {
        byte[] full = segment(1);
        return Arrays.copyOf(full, full.length - 1000);
    }

    /** A valid segment whose RIFF size claims fewer bytes than the body has. */
    public static byte[] lyingRiffSize() {
        byte[] wav = segment(2);
        ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).putInt(4, wav.length - 8 - 100);
        return wav;
    }

    /** A valid segment whose data chunk claims more bytes than exist. */
    public static byte[] lyingDataSize() {
        byte[] wav = segment(3);
        ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).putInt(40, wav.length);
        return wav;
    }

    /** Header only, no samples. */
    public static byte[] empty() {
        return withFormat(1, 1, 44_100, 16, 0);
    }

    /** 11 s of audio, over the 10 s limit (970 KB, under the 2 MiB body limit). */
    public static byte[] tooLong() {
        return segment(11_000, 1000, 4);
    }

    /** Not a WAV at all. */
    public static byte[] notRiff() {
        return "this is not audio, just text pretending".getBytes();
    }
}
