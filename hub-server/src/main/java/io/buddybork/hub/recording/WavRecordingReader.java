package io.buddybork.hub.recording;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Streams a RIFF/WAVE file: integer PCM ({@code WAVE_FORMAT_PCM} or {@code WAVE_FORMAT_EXTENSIBLE}
 * with the PCM sub-format), chunks other than {@code fmt } and {@code data} skipped. The data
 * chunk must lie wholly inside the file, so a truncated file is refused before anything is read
 * from it. Single-threaded.
 */
final class WavRecordingReader implements RecordingReader {
    private static final int FORMAT_PCM = 1;
    private static final int FORMAT_EXTENSIBLE = 0xFFFE;
    /** KSDATAFORMAT_SUBTYPE_PCM's first two bytes; the rest of the GUID is the standard base. */
    private static final int PCM_SUBFORMAT = 1;

    private static final int MAX_FMT_BYTES = 1024;

    private final InputStream in;
    private final RecordingFormat format;
    private final int blockAlign;
    private long remainingFrames;
    private byte[] buffer = new byte[0];

    private WavRecordingReader(InputStream in, RecordingFormat format, int blockAlign) {
        this.in = in;
        this.format = format;
        this.blockAlign = blockAlign;
        this.remainingFrames = format.frames();
    }

    static WavRecordingReader open(Path file) throws IOException {
        long size = Files.size(file);
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            return parse(in, size);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private static WavRecordingReader parse(InputStream in, long size) throws IOException {
        byte[] riff = in.readNBytes(12);
        if (riff.length < 12 || !tag(riff, 0, "RIFF") || !tag(riff, 8, "WAVE")) {
            throw RecordingReader.bad("not-riff-wave", "the body is not a RIFF/WAVE file");
        }
        long position = 12;
        int channels = -1;
        int sampleRate = -1;
        int bits = -1;
        int blockAlign = -1;
        while (true) {
            byte[] header = in.readNBytes(8);
            if (header.length < 8) {
                throw RecordingReader.bad(
                        "missing-chunk",
                        channels < 0 ? "the file has no 'fmt ' chunk" : "the file has no 'data' chunk");
            }
            position += 8;
            long chunkSize = Integer.toUnsignedLong(le(header).getInt(4));
            if (tag(header, 0, "fmt ")) {
                if (chunkSize < 16 || chunkSize > MAX_FMT_BYTES) {
                    throw RecordingReader.bad("header-size-mismatch", "'fmt ' chunk of " + chunkSize + " bytes");
                }
                byte[] body = in.readNBytes((int) chunkSize);
                if (body.length < chunkSize) {
                    throw RecordingReader.bad("truncated", "the file ends inside its 'fmt ' chunk");
                }
                ByteBuffer f = le(body);
                int formatTag = Short.toUnsignedInt(f.getShort(0));
                channels = Short.toUnsignedInt(f.getShort(2));
                sampleRate = f.getInt(4);
                blockAlign = Short.toUnsignedInt(f.getShort(12));
                bits = Short.toUnsignedInt(f.getShort(14));
                boolean pcm = formatTag == FORMAT_PCM
                        || (formatTag == FORMAT_EXTENSIBLE
                                && chunkSize >= 40
                                && Short.toUnsignedInt(f.getShort(24)) == PCM_SUBFORMAT);
                if (!pcm) {
                    throw RecordingReader.unsupported("format tag " + formatTag + " (not integer PCM)");
                }
                if (channels == 0 || bits == 0 || bits % 8 != 0 || blockAlign != channels * bits / 8) {
                    throw RecordingReader.bad(
                            "inconsistent-format",
                            "block align " + blockAlign + " does not fit " + channels + " channels of " + bits
                                    + "-bit samples");
                }
                skip(in, chunkSize & 1);
                position += chunkSize + (chunkSize & 1);
            } else if (tag(header, 0, "data")) {
                if (channels < 0) {
                    throw RecordingReader.bad("missing-chunk", "the 'data' chunk comes before any 'fmt ' chunk");
                }
                if (chunkSize > size - position) {
                    throw RecordingReader.bad(
                            "truncated",
                            "the 'data' chunk claims " + chunkSize + " bytes, the file holds " + (size - position)
                                    + " after its header");
                }
                long frames = chunkSize / blockAlign;
                if (frames == 0) {
                    throw RecordingReader.bad("empty", "the recording holds no samples");
                }
                RecordingFormat format = new RecordingFormat("WAV", channels, sampleRate, bits, frames);
                return new WavRecordingReader(in, format, blockAlign);
            } else {
                skip(in, chunkSize + (chunkSize & 1));
                position += chunkSize + (chunkSize & 1);
            }
        }
    }

    @Override
    public RecordingFormat format() {
        return format;
    }

    @Override
    public int read(short[] samples, int offset, int length) throws IOException {
        if (remainingFrames == 0) {
            return -1;
        }
        int frames = (int) Math.min(length, remainingFrames);
        int bytes = frames * blockAlign;
        if (buffer.length < bytes) {
            buffer = new byte[bytes];
        }
        if (in.readNBytes(buffer, 0, bytes) < bytes) {
            throw RecordingReader.bad("truncated", "the file ended early"); // it shrank while being read
        }
        ByteBuffer pcm = le(buffer);
        if (format.channels() == 1) {
            for (int i = 0; i < frames; i++) {
                samples[offset + i] = pcm.getShort(2 * i);
            }
        } else {
            for (int i = 0; i < frames; i++) {
                samples[offset + i] = (short) ((pcm.getShort(4 * i) + pcm.getShort(4 * i + 2)) >> 1);
            }
        }
        remainingFrames -= frames;
        return frames;
    }

    /** The header's sizes were checked against the file when it was opened. */
    @Override
    public long verify() {
        return format.frames();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private static void skip(InputStream in, long bytes) throws IOException {
        try {
            in.skipNBytes(bytes);
        } catch (EOFException e) {
            throw RecordingReader.bad("truncated", "a chunk runs past the end of the file, before any 'data' chunk");
        }
    }

    private static boolean tag(byte[] bytes, int at, String id) {
        for (int i = 0; i < 4; i++) {
            if (bytes[at + i] != id.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static ByteBuffer le(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
}
