package io.buddybork.recognition.feature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MelFilterbankTest {

    private static double mel(double hz) {
        return 2595.0 * Math.log10(1.0 + hz / 700.0);
    }

    private static double hz(double mel) {
        return 700.0 * (Math.pow(10.0, mel / 2595.0) - 1.0);
    }

    @Test
    void melScaleMatchesTheHtkFormulaAndRoundTrips() {
        assertThat(MelScale.hzToMel(1000)).isCloseTo(999.99, within(0.05));
        assertThat(MelScale.hzToMel(700)).isCloseTo(2595 * Math.log10(2), within(1e-9));
        for (double f : new double[] {0, 50, 440, 8000, 20000}) {
            assertThat(MelScale.melToHz(MelScale.hzToMel(f))).isCloseTo(f, within(1e-6));
        }
    }

    @Test
    void edgesAreEquallySpacedOnTheMelScale() {
        MelFilterbank fb = new MelFilterbank(40, 1024, 44_100, 50, 14_000);
        double[] edges = fb.edgesHz();
        assertThat(edges).hasSize(42);
        for (int i = 0; i < edges.length; i++) {
            double expected = hz(mel(50) + (mel(14_000) - mel(50)) * i / 41.0);
            assertThat(edges[i]).isCloseTo(expected, within(1e-6));
        }
    }

    @Test
    void eachFilterIsATriangleBetweenItsEdgesPeakingAtItsCentre() {
        int n = 2048;
        MelFilterbank fb = new MelFilterbank(40, n, 44_100, 50, 14_000);
        double binHz = 44_100.0 / n;
        double[] e = fb.edgesHz();
        for (int m = 0; m < 40; m++) {
            for (int k = 0; k <= n / 2; k++) {
                double f = k * binHz;
                double expected = f <= e[m] || f >= e[m + 2]
                        ? 0
                        : f <= e[m + 1] ? (f - e[m]) / (e[m + 1] - e[m]) : (e[m + 2] - f) / (e[m + 2] - e[m + 1]);
                assertThat(fb.weight(m, k)).as("filter %d bin %d", m, k).isCloseTo(expected, within(1e-6));
            }
        }
    }

    @Test
    void neighbouringFiltersSumToOneBetweenTheFirstAndLastCentre() {
        int n = 2048;
        MelFilterbank fb = new MelFilterbank(40, n, 44_100, 50, 14_000);
        double binHz = 44_100.0 / n;
        int checked = 0;
        for (int k = 0; k <= n / 2; k++) {
            double f = k * binHz;
            if (f < fb.centreHz(0) || f > fb.centreHz(39)) {
                continue;
            }
            double sum = 0;
            for (int m = 0; m < 40; m++) {
                sum += fb.weight(m, k);
            }
            assertThat(sum).as("bin %d", k).isCloseTo(1.0, within(1e-5));
            checked++;
        }
        assertThat(checked).isGreaterThan(500);
    }

    @Test
    void applyIsTheDenseMatrixProduct() {
        MelFilterbank fb = new MelFilterbank(24, 512, 16_000, 0, 8_000);
        float[] power = new float[257];
        for (int k = 0; k < power.length; k++) {
            power[k] = (float) (1 + Math.sin(k * 0.1));
        }
        float[] out = new float[24];
        fb.apply(power, out);
        for (int m = 0; m < 24; m++) {
            double expected = 0;
            for (int k = 0; k < power.length; k++) {
                expected += fb.weight(m, k) * power[k];
            }
            assertThat((double) out[m]).isCloseTo(expected, within(1e-4 * Math.max(1, expected)));
        }
    }
}
