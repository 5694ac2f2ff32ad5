package io.buddybork.hub.recording;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jflac.FLACDecoder;
import org.jflac.frame.Frame;
import org.jflac.metadata.StreamInfo;
import org.jflac.util.ByteData;

/**
 * Decodes a FLAC stream with jFLAC ({@code org.jflac:jflac-codec}, LGPL-2.1), frame by frame, so
 * any length takes little memory. jFLAC skips a frame that fails its checks and counts it; any such
 * frame, or fewer samples than STREAMINFO announces, makes the file corrupt (400). Single-threaded.
 */
final class FlacRecordingReader implements RecordingReader {
    private final Path file;
    private final InputStream in;
    private final FLACDecoder decoder;
    private final RecordingFormat format;
    private ByteData pcm;
    private short[] pending = new short[0];
    private int pendingPos;
    private int pendingLen;
    private boolean ended;

    private FlacRecordingReader(Path file, InputStream in, FLACDecoder decoder, RecordingFormat format) {
        this.file = file;
        this.in = in;
        this.decoder = decoder;
        this.format = format;
    }

    static FlacRecordingReader open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            FLACDecoder decoder = new FLACDecoder(in);
            StreamInfo info = readHeader(decoder);
            long total = info.getTotalSamples();
            RecordingFormat format = new RecordingFormat(
                    "FLAC", info.getChannels(), info.getSampleRate(), info.getBitsPerSample(), total > 0 ? total : -1);
            return new FlacRecordingReader(file, in, decoder, format);
        } catch (RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private static StreamInfo readHeader(FLACDecoder decoder) {
        try {
            decoder.readMetadata();
        } catch (IOException | RuntimeException e) {
            throw RecordingReader.bad("not-flac", "the body is not a readable FLAC stream: " + e.getMessage());
        }
        StreamInfo info = decoder.getStreamInfo();
        if (info == null) {
            throw RecordingReader.bad("not-flac", "the FLAC stream has no STREAMINFO block");
        }
        return info;
    }

    @Override
    public RecordingFormat format() {
        return format;
    }

    @Override
    public int read(short[] samples, int offset, int length) throws IOException {
        if (pendingPos == pendingLen && !decodeNext()) {
            return -1;
        }
        int n = Math.min(length, pendingLen - pendingPos);
        System.arraycopy(pending, pendingPos, samples, offset, n);
        pendingPos += n;
        return n;
    }

    /** Decodes the next frame into {@link #pending}; false at the end of the stream. */
    private boolean decodeNext() throws IOException {
        if (ended) {
            return false;
        }
        Frame frame = nextFrame(decoder);
        if (frame == null) {
            ended = true;
            return false;
        }
        int frames = frame.header.blockSize;
        pcm = decoder.decodeFrame(frame, pcm);
        byte[] bytes = pcm.getData();
        if (pending.length < frames) {
            pending = new short[frames];
        }
        if (format.channels() == 1) {
            for (int i = 0; i < frames; i++) {
                pending[i] = sample(bytes, 2 * i);
            }
        } else {
            for (int i = 0; i < frames; i++) {
                pending[i] = (short) ((sample(bytes, 4 * i) + sample(bytes, 4 * i + 2)) >> 1);
            }
        }
        pendingPos = 0;
        pendingLen = frames;
        return true;
    }

    /** The next good frame, null at the end; a frame of another shape or a skipped bad frame is a 400. */
    private Frame nextFrame(FLACDecoder d) throws IOException {
        int badBefore = d.getBadFrames();
        Frame frame;
        try {
            frame = d.readNextFrame();
        } catch (IOException | RuntimeException e) {
            throw RecordingReader.bad("corrupt-flac", "a FLAC frame cannot be decoded: " + e.getMessage());
        }
        if (d.getBadFrames() > badBefore) {
            throw RecordingReader.bad(
                    "corrupt-flac", "a FLAC frame fails its checks near sample " + d.getSamplesDecoded());
        }
        if (frame != null
                && (frame.header.channels != format.channels()
                        || frame.header.bitsPerSample != format.bitsPerSample()
                        || (frame.header.sampleRate != 0 && frame.header.sampleRate != format.sampleRate()))) {
            throw RecordingReader.bad("corrupt-flac", "a FLAC frame changes the stream's format: " + frame.header);
        }
        return frame;
    }

    /** Decodes the whole file on a stream of its own; the reader's position is untouched. */
    @Override
    public long verify() throws IOException {
        try (InputStream again = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            FLACDecoder d = new FLACDecoder(again);
            readHeader(d);
            long frames = 0;
            Frame frame;
            while ((frame = nextFrame(d)) != null) {
                frames += frame.header.blockSize;
            }
            if (frames == 0) {
                throw RecordingReader.bad("empty", "the recording holds no samples");
            }
            if (format.frames() >= 0 && frames != format.frames()) {
                throw RecordingReader.bad(
                        "truncated",
                        "the FLAC stream holds " + frames + " of the " + format.frames()
                                + " samples its header announces");
            }
            return frames;
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private static short sample(byte[] bytes, int at) {
        return (short) ((bytes[at] & 0xff) | (bytes[at + 1] << 8));
    }
}
