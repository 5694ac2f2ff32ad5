package io.buddybork.hub.admission;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The per-client and per-address shares of the body budget, without a running hub. */
class PendingBodiesTest {
    private static final long MIB = 1024 * 1024;
    private static final long SEGMENT = 264_644;
    private static final long LARGEST = 2 * MIB;
    /** The defaults of {@link AdmissionConfig}. */
    private static final PendingBodies.Limits DEFAULTS =
            new PendingBodies.Limits(96 * MIB, 8, 2_621_440, 256, 32 * MIB);

    @Test
    void withTheDefaultsFortyEightTokensAreNeededToHoldTheWholeBudgetWithLargestBodies() {
        assertThat(DEFAULTS.heldByOneClient(LARGEST)).isEqualTo(LARGEST);
        assertThat(DEFAULTS.clientsToExhaust(LARGEST)).isEqualTo(48);
    }

    @Test
    void withoutTheByteShareSixTokensHeldTheWholeBudget() {
        PendingBodies.Limits countOnly = new PendingBodies.Limits(96 * MIB, 8, 0, 256, 0);
        assertThat(countOnly.clientsToExhaust(LARGEST)).isEqualTo(6);
    }

    @Test
    void aDeviceMayStillHaveEightRealSegmentsInTransfer() {
        PendingBodies ledger = new PendingBodies(DEFAULTS);
        for (int i = 0; i < 8; i++) {
            assertThat(ledger.tryAdmit("c:device", "198.51.100.1", SEGMENT)).isNull();
        }
        assertThat(ledger.tryAdmit("c:device", "198.51.100.1", SEGMENT)).isEqualTo(PendingBodies.Refusal.CLIENT_LIMIT);
        assertThat(ledger.pendingBodies()).isEqualTo(8);
        assertThat(ledger.pendingBytes()).isEqualTo(8 * SEGMENT);
    }

    @Test
    void aClientHoldingOneLargestBodyIsRefusedASecondButAnotherClientIsAdmitted() {
        PendingBodies ledger = new PendingBodies(DEFAULTS);
        assertThat(ledger.tryAdmit("c:a", null, LARGEST)).isNull();
        assertThat(ledger.tryAdmit("c:a", null, LARGEST)).isEqualTo(PendingBodies.Refusal.CLIENT_LIMIT);
        assertThat(ledger.tryAdmit("c:b", null, LARGEST)).isNull();
    }

    @Test
    void aSingleBodyLargerThanTheShareIsAdmittedWhenTheClientHoldsNothing() {
        PendingBodies ledger = new PendingBodies(DEFAULTS);
        assertThat(ledger.tryAdmit("c:admin", null, 10 * MIB)).isNull();
        assertThat(ledger.tryAdmit("c:admin", null, 1)).isEqualTo(PendingBodies.Refusal.CLIENT_LIMIT);
        ledger.release("c:admin", null, 10 * MIB);
        assertThat(ledger.tryAdmit("c:admin", null, 1)).isNull();
    }

    @Test
    void inventedTokensFromOneAddressShareItsByteShare() {
        PendingBodies ledger = new PendingBodies(DEFAULTS);
        int admitted = 0;
        for (int i = 0; i < 100; i++) {
            if (ledger.tryAdmit("c:invented-" + i, "203.0.113.5", LARGEST) == null) {
                admitted++;
            }
        }
        assertThat(admitted).isEqualTo(16);
        assertThat(ledger.pendingBytes()).isEqualTo(32 * MIB);
    }

    @Test
    void theHubBudgetRefusesWith503ReasonOnceFortyEightClientsHoldLargestBodies() {
        PendingBodies ledger = new PendingBodies(DEFAULTS);
        for (int i = 0; i < 48; i++) {
            assertThat(ledger.tryAdmit("c:t" + i, null, LARGEST)).isNull();
        }
        assertThat(ledger.tryAdmit("c:honest", null, SEGMENT)).isEqualTo(PendingBodies.Refusal.HUB_LIMIT);
    }

    @Test
    void releasingGivesBackBytesAndCounts() {
        PendingBodies ledger = new PendingBodies(DEFAULTS);
        ledger.tryAdmit("c:a", "198.51.100.1", SEGMENT);
        ledger.tryAdmit("c:a", "198.51.100.1", SEGMENT);
        ledger.release("c:a", "198.51.100.1", SEGMENT);
        ledger.release("c:a", "198.51.100.1", SEGMENT);
        assertThat(ledger.pendingBodies()).isZero();
        assertThat(ledger.pendingBytes()).isZero();
        for (int i = 0; i < 8; i++) {
            assertThat(ledger.tryAdmit("c:a", "198.51.100.1", SEGMENT)).isNull();
        }
    }
}
