package io.buddybork.hub.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PortCollisionCheckTest {

    @Test
    void theSamePortForWebAndManagementIsRefusedWithTheWayOut() {
        assertThat(PortCollisionCheck.problem(true, 9000, 9000))
                .hasValueSatisfying(m -> assertThat(m)
                        .contains("both 9000")
                        .contains("QUARKUS_MANAGEMENT_PORT=9001")
                        .contains("QUARKUS_HTTP_PORT"));
    }

    @Test
    void differentPortsRandomPortsOrNoManagementInterfaceAreFine() {
        assertThat(PortCollisionCheck.problem(true, 8080, 9000)).isEmpty();
        assertThat(PortCollisionCheck.problem(true, 0, 0)).isEmpty();
        assertThat(PortCollisionCheck.problem(false, 9000, 9000)).isEmpty();
    }
}
