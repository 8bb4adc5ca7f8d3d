package sexton.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;

import org.junit.jupiter.api.Test;

import sexton.model.MemoryLimits;
import sexton.model.MemorySeries;
import sexton.model.ProcessInfo;
import sexton.model.ProcessKey;
import sexton.model.SystemMemory;
import sexton.model.SystemSeries;

class TrendStatisticsTest {
    @Test
    void mannKendallSAndVarianceByHandWithTies() {
        // 1 3 2 4: pairs (1,3)+ (1,2)+ (1,4)+ (3,2)- (3,4)+ (2,4)+ : S = 4; var = 4*3*13/18
        MannKendall.Result r = MannKendall.test(new double[] {1, 3, 2, 4}, 0, 4, false, new double[4]);
        assertThat(r.s()).isEqualTo(4);
        assertThat(r.variance()).isCloseTo(4 * 3 * 13 / 18.0, offset(1e-9));
        assertThat(r.z()).isCloseTo((4 - 1) / Math.sqrt(4 * 3 * 13 / 18.0), offset(1e-9));
        // ties: 1 2 2 3 2: S = +1+1+1+1 (from 1) +0+1+0 (from first 2) +1+0 (second 2) -1 (3,2) = 5; one tie group of 3
        MannKendall.Result t = MannKendall.test(new double[] {1, 2, 2, 3, 2}, 0, 5, false, new double[5]);
        assertThat(t.s()).isEqualTo(5);
        assertThat(t.variance()).isCloseTo((5 * 4 * 15 - 3 * 2 * 11) / 18.0, offset(1e-9));
        assertThat(t.p()).isBetween(0.0, 1.0);
    }

    @Test
    void autocorrelationWidensTheVariance() {
        double[] y = new double[60];
        java.util.Random r = new java.util.Random(3);
        double x = 0;
        for (int i = 0; i < y.length; i++) {
            x = 0.9 * x + r.nextGaussian();
            y[i] = x;
        }
        MannKendall.Result plain = MannKendall.test(y, 0, y.length, false, new double[60]);
        MannKendall.Result corrected = MannKendall.test(y, 0, y.length, true, new double[60]);
        assertThat(corrected.variance()).isGreaterThan(plain.variance());
        assertThat(Math.abs(corrected.z())).isLessThan(Math.abs(plain.z()));
    }

    @Test
    void theilSenIgnoresOutliersAndItsIntervalCoversTheTruth() {
        double[] x = new double[40], y = new double[40];
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < 40; i++) {
            x[i] = i;
            y[i] = 3 * i + 10 + r.nextGaussian();
        }
        y[7] = 1000;
        y[30] = -500;
        MannKendall.Result mk = MannKendall.test(y, 0, 40, false, new double[40]);
        TheilSen.Result ts = new TheilSen().fit(x, y, 0, 40, mk.variance(), 1.96);
        assertThat(ts.slope()).isCloseTo(3.0, offset(0.1));
        assertThat(ts.low()).isLessThanOrEqualTo(3.0);
        assertThat(ts.high()).isGreaterThanOrEqualTo(3.0);
        assertThat(ts.intercept()).isCloseTo(10.0, offset(1.5));
    }

    @Test
    void lowerEnvelopeFollowsTheTroughsOfASawtooth() {
        int n = 600;
        long[] t = new long[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i * 10_000L;
            v[i] = 1000 + i * 0.5 + 300 * ((i % 50) / 50.0); // teeth of 50 samples, troughs rising
        }
        LowerEnvelope e = new LowerEnvelope();
        e.build(t, v, n);
        assertThat(e.troughs).isTrue();
        for (int i = 0; i < e.n; i++) assertThat(e.y[i]).as("a trough, not a peak").isLessThan(1000 + i * 50 * 0.5 + 60);
        assertThat(e.y[e.n - 1]).isGreaterThan(e.y[0] + 200);
    }

    @Test
    void aLeakRunningIntoItsCgroupCeilingIsForecastByIt() {
        int n = 360;
        long[] t = new long[n], rss = new long[n], vsz = new long[n], swap = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = 1_800_000_000_000L + i * 10_000L;
            rss[i] = 400_000 + i * 100L; // +36,000 KiB/h
            vsz[i] = 900_000;
        }
        List<SystemMemory> mem = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) mem.add(new SystemMemory(64L << 20, 32L << 20, 60L << 20, 0, 0, 0, 0, 0, 0, 0));
        SystemSeries sys = new SystemSeries(t, mem, new long[n], new int[n], new int[n]);
        ProcessKey key = new ProcessKey(77, 1);
        LeakAnalysis a = new LeakAnalysis(Criteria.DEFAULT, sys, java.util.Set.of(), java.util.Set.of(),
                k -> k.equals(key) ? new MemoryLimits(500_000, -1) : MemoryLimits.NONE);
        a.accept(new MemorySeries(key, new ProcessInfo("app", "/app", "app.service", null), "root", t, rss, vsz, swap, new byte[n], new int[n]));
        LeakAnalysis.Result r = a.finish();
        LeakAnalysis.Finding f = r.leaks().get(0);
        assertThat(f.metric()).isEqualTo("rss");
        assertThat(f.exhaustionBy()).isEqualTo("cgroup memory.max");
        // 500,000 - 435,900 KiB left at 36,000 KiB/h: about 1.78 h after the last sample
        double hours = (f.exhaustionAtMillis() - t[n - 1]) / 3_600_000.0;
        assertThat(hours).isCloseTo((500_000 - 435_900) / 36_000.0, offset(0.15));
        assertThat(r.hostExhaustionAtMillis()).as("the host, with 60 GiB available, lasts far longer").isGreaterThan(f.exhaustionAtMillis());
    }
}
