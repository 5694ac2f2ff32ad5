package io.buddybork.hub.nativeimage;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.jboss.logging.Logger;

/**
 * Probes, once at startup, the optional native libraries the recognition engine can use, and says
 * plainly what works without them: OpenBLAS/LAPACK (Smile's LDA, FLD and PCA; logistic regression
 * and SVM are pure Java) and ONNX Runtime (pretrained embeddings; its JNI natives do not load in a
 * native image). The hub starts either way; the findings are logged and reported as data of the
 * {@code native-libraries} wellness check (always UP: a degraded mode, not a failure). Thread-safe.
 */
@ApplicationScoped
@io.smallrye.health.api.Wellness
public class NativeLibraries implements HealthCheck {
    private static final Logger LOG = Logger.getLogger(NativeLibraries.class);

    private volatile Map<String, String> findings = Map.of();

    void onStart(@Observes StartupEvent event) {
        Map<String, String> found = new LinkedHashMap<>();
        boolean nativeImage = System.getProperty("org.graalvm.nativeimage.imagecode") != null;
        found.put("runtime", nativeImage ? "native image" : "JVM " + Runtime.version());
        found.put(
                "openblas",
                probeLibrary("openblas")
                        ? "available"
                        : "missing: LDA, FLD and PCA models cannot be trained or used; logistic regression and SVM models work"
                                + " (install libopenblas-dev / libopenblas0)");
        boolean onnxClasses = classPresent("ai.onnxruntime.OrtEnvironment");
        found.put(
                "onnxruntime",
                !onnxClasses
                        ? "not bundled: embedding features unavailable"
                        : nativeImage
                                ? "bundled but unusable in a native image (JNI natives): embedding features unavailable"
                                : "available");
        findings = Map.copyOf(found);
        found.forEach((k, v) -> {
            if (v.startsWith("missing") || v.contains("unavailable")) {
                LOG.warnf("Degraded mode: %s %s", k, v);
            } else {
                LOG.debugf("Native library %s: %s", k, v);
            }
        });
    }

    /** What the startup probe found, by library. */
    public Map<String, String> findings() {
        return findings;
    }

    @Override
    public HealthCheckResponse call() {
        var b = HealthCheckResponse.named("native-libraries");
        findings.forEach(b::withData);
        return b.up().build();
    }

    private static boolean probeLibrary(String name) {
        for (String file : new String[] {System.mapLibraryName(name), "lib" + name + ".so.0"}) {
            try {
                SymbolLookup.libraryLookup(file, Arena.global());
                return true;
            } catch (IllegalArgumentException | UnsupportedOperationException | IllegalCallerException e) {
                // not found under this name, or foreign access disabled: try the next name
            }
        }
        return false;
    }

    private static boolean classPresent(String name) {
        try {
            Class.forName(name, false, NativeLibraries.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
