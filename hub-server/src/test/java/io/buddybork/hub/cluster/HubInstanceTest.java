package io.buddybork.hub.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HubInstanceTest {

    @Test
    void theDefaultIdIsTheShortHostNameAndThePortSoHubsOnOneMachineDifferToo() {
        assertThat(HubInstance.derived("hub-a.example.org", 8080)).isEqualTo("hub-a-8080");
        assertThat(HubInstance.derived("hub-a.example.org", 8081)).isEqualTo("hub-a-8081");
        assertThat(HubInstance.derived("Pi 4", 8080)).isEqualTo("pi_4-8080");
        assertThat(HubInstance.derived("worker", 0))
                .isEqualTo("worker-p" + ProcessHandle.current().pid());
    }
}
