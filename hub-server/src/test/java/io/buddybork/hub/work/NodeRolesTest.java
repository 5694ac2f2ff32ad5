package io.buddybork.hub.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class NodeRolesTest {

    @Test
    void aCommaListNamesTheRolesWhateverTheCaseAndBlanks() {
        assertThat(NodeRoles.parse("web, INGEST ,detect,train"))
                .containsExactlyInAnyOrder(NodeRole.WEB, NodeRole.INGEST, NodeRole.DETECT, NodeRole.TRAIN);
        assertThat(NodeRoles.parse("detect")).containsExactly(NodeRole.DETECT);
        assertThat(NodeRoles.parse("train,detect,train")).isEqualTo(EnumSet.of(NodeRole.DETECT, NodeRole.TRAIN));
    }

    @Test
    void anUnknownRoleIsRefusedByName() {
        assertThatThrownBy(() -> NodeRoles.parse("web,wroker"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BUDDYBORK_ROLES")
                .hasMessageContaining("unknown role 'wroker'")
                .hasMessageContaining("web,ingest,detect,train");
    }

    @Test
    void anEmptyListIsRefused() {
        assertThatThrownBy(() -> NodeRoles.parse(" , "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BUDDYBORK_ROLES is empty");
    }

    @Test
    void healthAndMetricsNeedNoRoleDeviceEndpointsNeedIngestTheRestWeb() {
        assertThat(RoleRoutes.needed("/q/health/ready")).isNull();
        assertThat(RoleRoutes.needed("/api/v1/segments/1700000000000")).isEqualTo(NodeRole.INGEST);
        assertThat(RoleRoutes.needed("/api/v1/capture-state")).isEqualTo(NodeRole.INGEST);
        assertThat(RoleRoutes.needed("/")).isEqualTo(NodeRole.WEB);
        assertThat(RoleRoutes.needed("/api/v1/models/jobs/current")).isEqualTo(NodeRole.WEB);
        assertThat(RoleRoutes.needed("/api/v1/segmentsx")).isEqualTo(NodeRole.WEB);
    }
}
