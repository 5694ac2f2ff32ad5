package io.buddybork.hub.testing;

import io.buddybork.hub.notify.MqttUnreachableTest;
import io.buddybork.hub.storage.WithS3Storage;

/**
 * A hub on S3 storage whose MQTT broker cannot be reached (see {@link ProfileUnion}): the S3 tests
 * look at readiness only, which an unreachable broker never takes down.
 */
public class S3Hub extends ProfileUnion {
    public S3Hub() {
        super(new WithS3Storage(), new MqttUnreachableTest.NoBroker());
    }
}
