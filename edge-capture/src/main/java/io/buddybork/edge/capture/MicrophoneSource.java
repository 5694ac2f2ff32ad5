package io.buddybork.edge.capture;

import io.buddybork.model.SegmentFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.TargetDataLine;

/**
 * A microphone through javax.sound ({@link TargetDataLine}, ALSA on Linux) at 44.1 kHz mono
 * 16-bit, chosen by a case-insensitive substring of the mixer's name or description (the first
 * capture device when none is given). The line is opened with a 1-2 s buffer so that a reader
 * delayed by GC or disk has room before the driver drops samples.
 */
public final class MicrophoneSource implements AudioSource {
    /** The one format Buddybork captures. */
    public static final AudioFormat FORMAT = new AudioFormat(
            SegmentFormat.SAMPLE_RATE, SegmentFormat.BITS_PER_SAMPLE, SegmentFormat.CHANNELS, true, false);

    private static final DataLine.Info LINE_INFO = new DataLine.Info(TargetDataLine.class, FORMAT);

    private final String deviceFilter;
    private final int bufferBytes;

    /**
     * @param deviceFilter substring of the device name, or null/empty for the first capture device
     * @param bufferMillis device buffer length, 1000-2000 ms recommended
     */
    public MicrophoneSource(String deviceFilter, int bufferMillis) {
        this.deviceFilter = deviceFilter == null ? "" : deviceFilter.trim();
        this.bufferBytes =
                (int) ((long) bufferMillis * SegmentFormat.SAMPLE_RATE / 1000) * SegmentFormat.BYTES_PER_FRAME;
    }

    /** Capture devices on this machine, one line each, for {@code --list-devices}. */
    public static List<String> listDevices() {
        List<String> lines = new ArrayList<>();
        for (Mixer.Info info : AudioSystem.getMixerInfo()) {
            Mixer mixer = AudioSystem.getMixer(info);
            if (mixer.getTargetLineInfo().length == 0) {
                continue;
            }
            boolean ok = mixer.isLineSupported(LINE_INFO);
            lines.add(info.getName() + " | " + info.getDescription()
                    + (ok ? " | 44.1 kHz mono 16-bit: supported" : " | 44.1 kHz mono 16-bit: NOT supported"));
        }
        return lines;
    }

    @Override
    public String describe() {
        return "microphone" + (deviceFilter.isEmpty() ? " (first capture device)" : " matching '" + deviceFilter + "'");
    }

    @Override
    public AudioLine open() throws IOException {
        Mixer.Info chosen = null;
        List<String> candidates = new ArrayList<>();
        String filter = deviceFilter.toLowerCase(Locale.ROOT);
        for (Mixer.Info info : AudioSystem.getMixerInfo()) {
            Mixer mixer = AudioSystem.getMixer(info);
            if (!mixer.isLineSupported(LINE_INFO)) {
                continue;
            }
            candidates.add("'" + info.getName() + "'");
            String label = (info.getName() + " " + info.getDescription()).toLowerCase(Locale.ROOT);
            if (chosen == null && label.contains(filter)) {
                chosen = info;
            }
        }
        if (candidates.isEmpty()) {
            throw new NoCaptureDeviceException(
                    "no capture device supports 44.1 kHz mono 16-bit on this machine (see --list-devices)");
        }
        if (chosen == null) {
            throw new IOException(
                    "no capture device matches '" + deviceFilter + "'; available: " + String.join(", ", candidates));
        }
        try {
            TargetDataLine line = (TargetDataLine) AudioSystem.getMixer(chosen).getLine(LINE_INFO);
            line.open(FORMAT, bufferBytes);
            line.start();
            return new MicLine(line, chosen.getName() + " | " + chosen.getDescription());
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
            throw new IOException("cannot open capture device '" + chosen.getName() + "': " + e.getMessage(), e);
        }
    }

    /**
     * An open {@link TargetDataLine}. A blocking read of javax.sound returns fewer bytes than asked
     * only when the line was stopped or closed, or when the driver reported an error (ALSA: the USB
     * microphone was unplugged, the sound server went away); it then keeps returning 0 at once. So
     * a short read on a line this class did not close is a lost device, reported as
     * {@link DeviceLostException} instead of spinning on empty reads.
     */
    private static final class MicLine implements AudioLine {
        private final TargetDataLine line;
        private final String name;
        private volatile boolean closed;

        MicLine(TargetDataLine line, String name) {
            this.line = line;
            this.name = name;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = line.read(buffer, offset, length);
            if (n < length && !closed) {
                throw new DeviceLostException("capture device '" + name + "' stopped delivering audio ("
                        + (line.isOpen() ? "the driver reported an error: unplugged?" : "the line was closed") + ")");
            }
            if (n <= 0 && !line.isOpen()) {
                throw new IOException("capture device '" + name + "' was closed");
            }
            return n;
        }

        @Override
        public int available() {
            return line.available();
        }

        @Override
        public int bufferBytes() {
            return line.getBufferSize();
        }

        @Override
        public boolean realTime() {
            return true;
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public String describeLine() {
            AudioFormat format = line.getFormat();
            int buffer = line.getBufferSize();
            return "'" + name + "': " + format + "; device buffer " + buffer + " bytes ("
                    + (long) buffer * 1000 / (SegmentFormat.SAMPLE_RATE * SegmentFormat.BYTES_PER_FRAME) + " ms)";
        }

        @Override
        public void close() {
            closed = true;
            line.stop();
            line.close();
        }
    }
}
