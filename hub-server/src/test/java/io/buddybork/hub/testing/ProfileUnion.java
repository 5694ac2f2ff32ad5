package io.buddybork.hub.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A test profile that is the union of other profiles (their config overrides and test resources),
 * so that tests whose settings agree share one hub start: each distinct profile costs a Quarkus
 * build and start (30-80 s on a loaded 2-core machine). The tests keep their own profile next to
 * them, saying what they need, and run under a union; two parts setting one key differently fail
 * the boot instead of changing a test's meaning.
 */
public abstract class ProfileUnion implements QuarkusTestProfile {
    private final List<QuarkusTestProfile> parts;

    protected ProfileUnion(QuarkusTestProfile... parts) {
        this.parts = List.of(parts);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> all = new TreeMap<>();
        for (QuarkusTestProfile part : parts) {
            part.getConfigOverrides().forEach((key, value) -> {
                String before = all.putIfAbsent(key, value);
                if (before != null && !before.equals(value)) {
                    throw new IllegalStateException(part.getClass().getName() + " sets " + key + "=" + value
                            + " but another part of " + getClass().getSimpleName() + " sets " + before);
                }
            });
        }
        return all;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        List<TestResourceEntry> all = new ArrayList<>();
        for (QuarkusTestProfile part : parts) {
            all.addAll(part.testResources());
        }
        return all;
    }
}
