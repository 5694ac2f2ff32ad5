package io.buddybork.hub.dashboard;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Dashboard settings under {@code buddybork.web.} (the name predates the split of the web settings by feature). */
@ConfigMapping(prefix = "buddybork.web")
public interface DashboardConfig {

    /** A device counts as online when it was seen within this time. */
    @WithDefault("2M")
    Duration onlineWindow();
}
