package io.buddybork.edge;

import io.buddybork.edge.capture.AudioLine;
import io.buddybork.edge.capture.MicrophoneSource;
import io.buddybork.edge.capture.NoCaptureDeviceException;
import io.buddybork.edge.capture.WavFileSource;
import io.buddybork.edge.config.EdgeConfig;
import io.buddybork.edge.upload.HubClient;
import io.buddybork.edge.upload.HubException;
import io.buddybork.edge.upload.TrustAnchors;
import io.buddybork.model.AmplitudeStats;
import io.buddybork.model.SegmentFormat;
import io.buddybork.model.storage.DurableFiles;
import io.buddybork.model.wire.CaptureState;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code --check}: validates what the service needs, one line per check ({@code OK} or
 * {@code FAIL} + what to do), without changing anything but a probe file in the spool.
 */
final class Checks {
    private Checks() {}

    /** Runs every check; true when all passed. */
    static boolean run(EdgeConfig config, PrintStream out) {
        boolean ok = line(out, true, "config", config.summary());
        String exposure = cleartextWarning(config.hub());
        if (exposure != null) {
            out.printf(Locale.ROOT, "%-4s %-10s %s%n", "WARN", "transport", exposure);
        }
        ok &= spool(config, out);
        ok &= source(config, out);
        if (config.trustCert() != null) {
            ok &= trust(config, out);
        }
        ok &= hub(config, out);
        out.println(ok ? "all checks passed" : "some checks FAILED");
        return ok;
    }

    private static boolean line(PrintStream out, boolean ok, String what, String detail) {
        out.printf(Locale.ROOT, "%-4s %-10s %s%n", ok ? "OK" : "FAIL", what, detail);
        return ok;
    }

    private static boolean spool(EdgeConfig config, PrintStream out) {
        Path dir = config.spoolDir();
        try {
            Files.createDirectories(dir);
            Path probe = dir.resolve(".check-probe");
            DurableFiles.write(probe, new byte[] {1});
            DurableFiles.delete(probe);
            long count;
            long bytes = 0;
            try (Stream<Path> files = Files.list(dir)) {
                count = 0;
                for (Path p : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".wav"))::iterator) {
                    count++;
                    bytes += Files.size(p);
                }
            }
            long free = Files.getFileStore(dir).getUsableSpace();
            return line(
                    out,
                    free > config.spoolBudgetBytes() / 10,
                    "spool",
                    dir + " writable; " + count + " segments waiting (" + bytes / 1024 + " KiB); "
                            + free / (1024 * 1024) + " MiB free on disk");
        } catch (IOException | RuntimeException e) {
            return line(
                    out,
                    false,
                    "spool",
                    dir + " is not writable: " + e.getMessage() + " (create it and give the service user ownership)");
        }
    }

    private static boolean source(EdgeConfig config, PrintStream out) {
        if (config.sourceFile() != null) {
            try {
                WavFileSource source =
                        WavFileSource.of(config.sourceFile(), config.speed(), config.loop(), config.replayStartMs());
                return line(out, true, "source", source.describe());
            } catch (IOException e) {
                return line(out, false, "source", e.getMessage());
            }
        }
        MicrophoneSource mic = new MicrophoneSource(config.microphoneFilter(), config.micBufferMillis());
        try (AudioLine line = mic.open()) {
            byte[] buf = new byte[SegmentFormat.SAMPLE_RATE];
            int got = 0;
            while (got < buf.length) {
                int n = line.read(buf, got, buf.length - got);
                if (n < 0) {
                    break;
                }
                got += n;
            }
            short[] samples = new short[got / 2];
            ByteBuffer.wrap(buf, 0, got)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .asShortBuffer()
                    .get(samples);
            int peak = AmplitudeStats.maxAbs(samples);
            return line(
                    out,
                    got > 0,
                    "microphone",
                    mic.describe() + " opened " + line.describeLine() + "; read "
                            + String.format(
                                    Locale.ROOT,
                                    "%.1f s, peak amplitude %d (%.1f dBFS); silence threshold %d",
                                    samples.length / (double) SegmentFormat.SAMPLE_RATE,
                                    peak,
                                    AmplitudeStats.amplitudeToDbfs(Math.max(1, peak)),
                                    config.silenceThreshold()));
        } catch (IOException | RuntimeException e) {
            return line(out, false, "microphone", String.valueOf(e.getMessage()) + microphoneHint(e));
        }
    }

    /** What to add to a microphone failure (the message of a missing device already names {@code --list-devices}). */
    static String microphoneHint(Exception e) {
        return e instanceof NoCaptureDeviceException
                ? " (the service user needs the 'audio' group)"
                : " (see --list-devices; the user needs the 'audio' group)";
    }

    /**
     * Why a plain-http hub URL leaks the device token and the audio, or null for https or a hub on
     * this machine (the demo).
     */
    static String cleartextWarning(java.net.URI hub) {
        if (!"http".equalsIgnoreCase(hub.getScheme())) {
            return null;
        }
        String host = hub.getHost() == null ? "" : hub.getHost().toLowerCase(Locale.ROOT);
        if (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1")) {
            return null;
        }
        return hub + " is plain http: the device token and the audio cross the network unencrypted;"
                + " use https (the hub's TLS port, with --trust-cert for a self-signed certificate)";
    }

    private static boolean trust(EdgeConfig config, PrintStream out) {
        try {
            TrustAnchors anchors = TrustAnchors.load(config.trustCert());
            StringBuilder detail = new StringBuilder();
            boolean valid = true;
            for (X509Certificate c : anchors.certificates()) {
                try {
                    c.checkValidity();
                } catch (java.security.cert.CertificateException e) {
                    valid = false;
                }
                detail.append(detail.length() == 0 ? "" : "; ")
                        .append(c.getSubjectX500Principal().getName())
                        .append(" valid until ")
                        .append(c.getNotAfter().toInstant());
            }
            return line(out, valid, "trust", "pinning " + detail + (valid ? "" : " (EXPIRED or not yet valid)"));
        } catch (IOException e) {
            return line(out, false, "trust", e.getMessage());
        }
    }

    private static boolean hub(EdgeConfig config, PrintStream out) {
        try {
            HubClient client = HubClient.create(config.hub(), config.token(), config.trustCert());
            CaptureState state = client.pollCaptureState(-1, 0);
            return line(
                    out,
                    true,
                    "hub",
                    config.hub() + " accepted the device token; capture is " + (state.enabled() ? "on" : "off")
                            + " (version " + state.version() + ")");
        } catch (HubException e) {
            return line(out, false, "hub", config.hub() + ": " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            return line(
                    out,
                    false,
                    "hub",
                    "cannot reach " + config.hub() + ": " + e
                            + (e instanceof javax.net.ssl.SSLException
                                    ? " (TLS: is --trust-cert the hub's certificate or its CA?)"
                                    : ""));
        }
    }
}
