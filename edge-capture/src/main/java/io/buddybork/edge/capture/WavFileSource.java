package io.buddybork.edge.capture;

import io.buddybork.edge.time.Sleeper;
import io.buddybork.model.SegmentFormat;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Replays a 44.1 kHz mono 16-bit WAV file as if it were a microphone: paced at {@code speed} times
 * real time (0 = as fast as it can be read), optionally looping forever. The file is streamed, not
 * loaded, so any length can be replayed in little memory. Closing a line keeps the position, so
 * switching capture off and on resumes where it stopped. At real time the replay's timeline starts
 * now, like a live microphone; at any other speed it ends now (see {@link AudioLine#anchorBiasMillis()}).
 * Given a replay start ({@code --replay-start}), the timeline starts there instead, at any speed:
 * the file's first frame is stamped with that time, as if it had been recorded then (a pause
 * resumes at the start plus the frames already replayed).
 */
public final class WavFileSource implements AudioSource {
    private static final int RATE = SegmentFormat.SAMPLE_RATE;

    private final Path file;
    private final double speed;
    private final boolean loop;
    private final Sleeper sleeper;
    private final LongSupplier nanoClock;
    private final long frames;
    private final OptionalLong replayStartMs;
    private InputStream stream;
    private long position;

    /**
     * @throws IOException naming the fault when the file is missing or not 44.1 kHz mono 16-bit PCM
     */
    public WavFileSource(Path file, double speed, boolean loop, Sleeper sleeper, LongSupplier nanoClock)
            throws IOException {
        this(file, speed, loop, OptionalLong.empty(), sleeper, nanoClock);
    }

    /**
     * A replay whose first frame is stamped {@code replayStartMs} (UTC epoch ms) when present.
     *
     * @throws IOException naming the fault when the file is missing or not 44.1 kHz mono 16-bit PCM
     * @throws IllegalArgumentException for a looping replay with a start: it would never end
     */
    public WavFileSource(
            Path file, double speed, boolean loop, OptionalLong replayStartMs, Sleeper sleeper, LongSupplier nanoClock)
            throws IOException {
        if (speed < 0 || Double.isNaN(speed)) {
            throw new IllegalArgumentException("speed must be 0 (as fast as possible) or positive, got " + speed);
        }
        if (loop && replayStartMs.isPresent()) {
            throw new IllegalArgumentException("a looping replay cannot start at a chosen time: it would never end");
        }
        this.replayStartMs = replayStartMs;
        this.file = file;
        this.speed = speed;
        this.loop = loop;
        this.sleeper = sleeper;
        this.nanoClock = nanoClock;
        try (AudioInputStream probe = openStream(file)) {
            this.frames = probe.getFrameLength();
        }
    }

    /** A replay at {@code speed} with the system clock. */
    public static WavFileSource of(Path file, double speed, boolean loop) throws IOException {
        return new WavFileSource(file, speed, loop, Sleeper.SYSTEM, System::nanoTime);
    }

    /**
     * A replay at {@code speed} with the system clock, stamped from {@code replayStartMs} when
     * present.
     *
     * @throws IOException also when the replay would end after now: the hub refuses audio from the
     *     future, and a recording lies in the past
     */
    public static WavFileSource of(Path file, double speed, boolean loop, OptionalLong replayStartMs)
            throws IOException {
        WavFileSource source = new WavFileSource(file, speed, loop, replayStartMs, Sleeper.SYSTEM, System::nanoTime);
        if (replayStartMs.isPresent()) {
            long endMs = replayStartMs.getAsLong() + source.frames * 1000 / RATE;
            long now = System.currentTimeMillis();
            if (endMs > now) {
                throw new IOException("audio file " + file + " replayed from "
                        + Instant.ofEpochMilli(replayStartMs.getAsLong())
                        + " would end at " + Instant.ofEpochMilli(endMs) + ", after now (" + Instant.ofEpochMilli(now)
                        + "): a recording's start must be at least its length ago");
            }
        }
        return source;
    }

    /** Frames in the file. */
    public long frames() {
        return frames;
    }

    @Override
    public String describe() {
        return String.format(
                Locale.ROOT,
                "file %s (%.1f s, %s%s%s)",
                file,
                frames / (double) RATE,
                speed == 0 ? "unpaced" : speed == 1 ? "real time" : speed + "x",
                loop ? ", looping" : "",
                replayStartMs.isPresent() ? ", stamped from " + Instant.ofEpochMilli(replayStartMs.getAsLong()) : "");
    }

    @Override
    public synchronized AudioLine open() throws IOException {
        if (stream == null) {
            stream = openStream(file);
        }
        return new FileLine();
    }

    @Override
    public synchronized void close() {
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException ignored) {
                // nothing to flush: read-only
            }
            stream = null;
        }
    }

    private static AudioInputStream openStream(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("audio file " + file + " does not exist or is not a regular file");
        }
        AudioInputStream in;
        try {
            in = AudioSystem.getAudioInputStream(new BufferedInputStream(Files.newInputStream(file), 65_536));
        } catch (UnsupportedAudioFileException e) {
            throw new IOException(
                    "audio file " + file + " is not a WAV file javax.sound can read: " + e.getMessage(), e);
        }
        AudioFormat f = in.getFormat();
        String fault = null;
        if (!AudioFormat.Encoding.PCM_SIGNED.equals(f.getEncoding())) {
            fault = "encoding is " + f.getEncoding() + ", not signed PCM";
        } else if (f.getSampleSizeInBits() != SegmentFormat.BITS_PER_SAMPLE) {
            fault = f.getSampleSizeInBits() + " bits per sample, not 16";
        } else if (f.getChannels() != SegmentFormat.CHANNELS) {
            fault = f.getChannels() + " channels, not mono";
        } else if (Math.round(f.getSampleRate()) != RATE) {
            fault = f.getSampleRate() + " Hz, not 44100 Hz";
        } else if (f.isBigEndian()) {
            fault = "big-endian samples";
        }
        if (fault != null) {
            in.close();
            throw new IOException("audio file " + file + " cannot be replayed: " + fault
                    + " (convert it, e.g. sox in.wav -r 44100 -c 1 -b 16 out.wav)");
        }
        return in;
    }

    /** A view of the shared stream, paced from the moment it was opened. */
    private final class FileLine implements AudioLine {
        private final long startNanos = nanoClock.getAsLong();
        private final long startPosition = position;
        private long delivered;
        private volatile boolean closed;

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (closed) {
                throw new IOException("replay line closed");
            }
            int len = length & ~1;
            if (speed > 0) {
                long due = startNanos + (long) (((delivered + len / 2) * 1_000_000_000.0) / (RATE * speed));
                long wait = due - nanoClock.getAsLong();
                if (wait > 0) {
                    try {
                        sleeper.sleep((wait + 999_999) / 1_000_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted", e);
                    }
                }
            }
            synchronized (WavFileSource.this) {
                if (stream == null) {
                    throw new IOException("replay source closed");
                }
                while (true) {
                    int n = stream.readNBytes(buffer, offset, len);
                    if (n > 0) {
                        delivered += n / 2;
                        position += n / 2;
                        return n;
                    }
                    if (!loop || frames == 0) {
                        return -1;
                    }
                    stream.close();
                    stream = openStream(file);
                    position = 0;
                }
            }
        }

        @Override
        public long anchorBiasMillis() {
            return loop || speed == 1 ? 0 : -(frames - startPosition) * 1000 / RATE;
        }

        @Override
        public long anchorMillis(long nowMs) {
            return replayStartMs.isPresent()
                    ? replayStartMs.getAsLong() + startPosition * 1000 / RATE
                    : nowMs + anchorBiasMillis();
        }

        @Override
        public int available() {
            return 0;
        }

        @Override
        public int bufferBytes() {
            return Integer.MAX_VALUE;
        }

        @Override
        public boolean realTime() {
            return false;
        }

        @Override
        public long nanoTime() {
            return nanoClock.getAsLong();
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
