package io.buddybork.model.wav;

import io.buddybork.model.SegmentFormat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;

/**
 * Encodes mono 16-bit PCM as canonical 44-byte-header WAV and decodes WAV strictly: every size in
 * the header must agree with the body, so a truncated or padded upload is refused rather than
 * half-read. Stateless and thread-safe.
 */
public final class WavCodec {
    private static final int FORMAT_PCM = 1;
    private static final int FORMAT_EXTENSIBLE = 0xFFFE;
    /** KSDATAFORMAT_SUBTYPE_PCM, 00000001-0000-0010-8000-00aa00389b71, as stored (little-endian fields). */
    private static final byte[] PCM_SUBFORMAT = {
        1, 0, 0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71
    };

    private WavCodec() {}

    /** A canonical WAV file holding {@code samples} at {@code sampleRate}. */
    public static byte[] encode(short[] samples, int sampleRate) {
        return encode(samples, 0, samples.length, sampleRate);
    }

    /** A canonical WAV file holding {@code samples[offset, offset + length)} at {@code sampleRate}. */
    public static byte[] encode(short[] samples, int offset, int length, int sampleRate) {
        int dataBytes = length * SegmentFormat.BYTES_PER_FRAME;
        ByteBuffer out =
                ByteBuffer.allocate(SegmentFormat.WAV_HEADER_BYTES + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        writeHeader(out, dataBytes, sampleRate);
        out.asShortBuffer().put(samples, offset, length);
        return out.array();
    }

    /** Writes the canonical 44-byte header for {@code dataBytes} bytes of mono 16-bit PCM. */
    public static void writeHeader(ByteBuffer out, int dataBytes, int sampleRate) {
        out.order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {'R', 'I', 'F', 'F'}).putInt(36 + dataBytes);
        out.put(new byte[] {'W', 'A', 'V', 'E'});
        out.put(new byte[] {'f', 'm', 't', ' '}).putInt(16);
        out.putShort((short) FORMAT_PCM)
                .putShort((short) SegmentFormat.CHANNELS)
                .putInt(sampleRate)
                .putInt(sampleRate * SegmentFormat.BYTES_PER_FRAME)
                .putShort((short) SegmentFormat.BYTES_PER_FRAME)
                .putShort((short) SegmentFormat.BITS_PER_SAMPLE);
        out.put(new byte[] {'d', 'a', 't', 'a'}).putInt(dataBytes);
    }

    /**
     * Decodes a segment as the wire contract defines it: mono 16-bit PCM at 44,100 Hz, between one
     * sample and 10 s long, header sizes exact.
     */
    public static PcmAudio decodeSegment(byte[] wav) throws WavFormatException {
        PcmAudio audio = decode(wav);
        if (audio.sampleRate() != SegmentFormat.SAMPLE_RATE) {
            throw new WavFormatException(WavFault.BAD_SAMPLE_RATE, audio.sampleRate() + " Hz");
        }
        long maxFrames = SegmentFormat.MAX_SEGMENT_MILLIS * SegmentFormat.SAMPLE_RATE / 1000;
        if (audio.frames() > maxFrames) {
            throw new WavFormatException(WavFault.TOO_LONG, audio.durationMillis() + " ms");
        }
        return audio;
    }

    /**
     * Decodes mono 16-bit PCM WAV at any sample rate. Unknown chunks (LIST, fact, ...) are
     * skipped; WAVE_FORMAT_EXTENSIBLE is accepted when its sub-format is PCM with 16 valid bits
     * (what some ALSA tools write). Bytes after the 'data' chunk that do not form a whole chunk
     * are {@link WavFault#SIZE_MISMATCH}; a body that ends inside or before the 'data' chunk is
     * {@link WavFault#TRUNCATED}.
     */
    public static PcmAudio decode(byte[] wav) throws WavFormatException {
        ByteBuffer in = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        if (wav.length < 12 || !tag(in, 0, "RIFF") || !tag(in, 8, "WAVE")) {
            throw new WavFormatException(
                    WavFault.NOT_RIFF, wav.length < 12 ? "only " + wav.length + " bytes" : "missing RIFF/WAVE magic");
        }
        long riffSize = Integer.toUnsignedLong(in.getInt(4));
        if (riffSize + 8 > wav.length) {
            throw new WavFormatException(
                    WavFault.TRUNCATED, "RIFF size says " + (riffSize + 8) + " bytes, body has " + wav.length);
        }
        if (riffSize + 8 < wav.length) {
            throw new WavFormatException(
                    WavFault.SIZE_MISMATCH, "RIFF size says " + (riffSize + 8) + " bytes, body has " + wav.length);
        }
        int sampleRate = -1;
        int dataOffset = -1;
        int dataBytes = -1;
        int pos = 12;
        while (pos + 8 <= wav.length) {
            long size = Integer.toUnsignedLong(in.getInt(pos + 4));
            int body = pos + 8;
            if (body + size > wav.length && dataOffset >= 0 && !tag(in, pos, "data")) {
                // the audio is complete; what follows it is not a chunk
                throw new WavFormatException(
                        WavFault.SIZE_MISMATCH, (wav.length - pos) + " stray bytes after the 'data' chunk");
            }
            if (body + size > wav.length) {
                throw new WavFormatException(
                        WavFault.TRUNCATED,
                        "chunk '" + chunkId(in, pos) + "' claims " + size + " bytes, only " + (wav.length - body)
                                + " remain");
            }
            if (tag(in, pos, "fmt ")) {
                sampleRate = readFormat(in, body, (int) size);
            } else if (tag(in, pos, "data")) {
                dataOffset = body;
                dataBytes = (int) size;
            }
            pos = body + (int) size + (int) (size & 1);
        }
        // pos may pass the end by one when a writer left out the pad byte of a final odd chunk.
        if (pos < wav.length) {
            throw new WavFormatException(
                    WavFault.SIZE_MISMATCH, (wav.length - pos) + " stray bytes after the last chunk");
        }
        if (sampleRate < 0 || dataOffset < 0) {
            throw new WavFormatException(
                    WavFault.MISSING_CHUNK, sampleRate < 0 ? "no 'fmt ' chunk" : "no 'data' chunk");
        }
        if (dataBytes % SegmentFormat.BYTES_PER_FRAME != 0) {
            throw new WavFormatException(
                    WavFault.SIZE_MISMATCH, "data size " + dataBytes + " is not a whole number of 16-bit frames");
        }
        if (dataBytes == 0) {
            throw new WavFormatException(WavFault.EMPTY, "data chunk is empty");
        }
        short[] samples = new short[dataBytes / SegmentFormat.BYTES_PER_FRAME];
        ShortBuffer pcm = ByteBuffer.wrap(wav, dataOffset, dataBytes)
                .slice()
                .order(ByteOrder.LITTLE_ENDIAN)
                .asShortBuffer();
        pcm.get(samples);
        return new PcmAudio(sampleRate, samples);
    }

    private static int readFormat(ByteBuffer in, int at, int size) throws WavFormatException {
        if (size < 16) {
            throw new WavFormatException(WavFault.SIZE_MISMATCH, "'fmt ' chunk has " + size + " bytes, needs 16");
        }
        int format = Short.toUnsignedInt(in.getShort(at));
        int channels = Short.toUnsignedInt(in.getShort(at + 2));
        long sampleRate = Integer.toUnsignedLong(in.getInt(at + 4));
        long byteRate = Integer.toUnsignedLong(in.getInt(at + 8));
        int blockAlign = Short.toUnsignedInt(in.getShort(at + 12));
        int bits = Short.toUnsignedInt(in.getShort(at + 14));
        if (format == FORMAT_EXTENSIBLE) {
            requireExtensiblePcm(in, at, size, bits);
        } else if (format != FORMAT_PCM) {
            throw new WavFormatException(WavFault.NOT_PCM, "format tag " + format);
        }
        if (bits != SegmentFormat.BITS_PER_SAMPLE) {
            throw new WavFormatException(WavFault.NOT_16_BIT, bits + " bits per sample");
        }
        if (channels != SegmentFormat.CHANNELS) {
            throw new WavFormatException(WavFault.NOT_MONO, channels + " channels");
        }
        if (sampleRate == 0 || sampleRate > 384_000) {
            throw new WavFormatException(WavFault.BAD_SAMPLE_RATE, sampleRate + " Hz");
        }
        if (blockAlign != SegmentFormat.BYTES_PER_FRAME || byteRate != sampleRate * SegmentFormat.BYTES_PER_FRAME) {
            throw new WavFormatException(
                    WavFault.INCONSISTENT_FORMAT, "block align " + blockAlign + ", byte rate " + byteRate);
        }
        return (int) sampleRate;
    }

    /**
     * WAVE_FORMAT_EXTENSIBLE: the 'fmt ' chunk carries 22 more bytes (cbSize, valid bits, channel
     * mask, sub-format GUID); it is PCM when the GUID is KSDATAFORMAT_SUBTYPE_PCM.
     */
    private static void requireExtensiblePcm(ByteBuffer in, int at, int size, int bits) throws WavFormatException {
        if (size < 40 || Short.toUnsignedInt(in.getShort(at + 16)) < 22) {
            throw new WavFormatException(
                    WavFault.SIZE_MISMATCH, "'fmt ' chunk of WAVE_FORMAT_EXTENSIBLE has " + size + " bytes, needs 40");
        }
        for (int i = 0; i < PCM_SUBFORMAT.length; i++) {
            if (in.get(at + 24 + i) != PCM_SUBFORMAT[i]) {
                throw new WavFormatException(
                        WavFault.NOT_PCM, "WAVE_FORMAT_EXTENSIBLE with a sub-format other than PCM");
            }
        }
        int validBits = Short.toUnsignedInt(in.getShort(at + 18));
        if (validBits != 0 && validBits != bits) {
            throw new WavFormatException(WavFault.NOT_16_BIT, validBits + " valid bits in " + bits + "-bit samples");
        }
    }

    private static boolean tag(ByteBuffer in, int at, String id) {
        for (int i = 0; i < 4; i++) {
            if (in.get(at + i) != id.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static String chunkId(ByteBuffer in, int at) {
        StringBuilder id = new StringBuilder(4);
        for (int i = 0; i < 4; i++) {
            char c = (char) (in.get(at + i) & 0xff);
            id.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return id.toString();
    }
}
