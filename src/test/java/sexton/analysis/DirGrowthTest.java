package sexton.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongUnaryOperator;

import org.junit.jupiter.api.Test;

import sexton.model.DirSample;

/** Directory growth scenarios at the recorder's default cadence of a walk every 5 minutes. */
class DirGrowthTest {
    static final long MIN5 = 300_000, HOUR = 3_600_000, MIB = 1 << 20, GIB = 1L << 30;
    static final long T0 = 1_790_000_000_000L;

    /** Walks every 5 min for {@code hours}: bytes from the function of elapsed ms; the file system holds {@code fsFree} at the start. */
    static List<DirSample> walks(double hours, LongUnaryOperator bytesAt, long fsFree, String child, String owner) {
        List<DirSample> out = new ArrayList<>();
        long first = bytesAt.applyAsLong(0);
        for (long t = 0; t <= hours * HOUR; t += MIN5) {
            long b = bytesAt.applyAsLong(t);
            long grown = b - first;
            out.add(new DirSample("/var/spool/mqueue", T0 + t, b, b + 4096, b / 40_000, T0 - HOUR, T0 + t, 100 * GIB, fsFree - grown, 0, 0,
                    Map.of("smmsp", new DirSample.Usage(first, 10), owner, new DirSample.Usage(grown, 5)),
                    Map.of("old", new DirSample.Usage(first, 10), child, new DirSample.Usage(grown, 5))));
        }
        return out;
    }

    @Test
    void aFillingMailQueueGrowsAndFillsItsFileSystemAtThatRate() {
        Random r = new Random(7);
        // the seed's queue: copies of a 38 MB mail arriving about 8 an hour, owned by root, in one child directory
        List<DirSample> w = walks(3, t -> 2 * GIB + (long) (300.0 * MIB * t / HOUR) + r.nextInt(4 * (int) MIB), 20 * GIB, "qf", "root");
        DirGrowth.Result g = DirGrowth.judge(w);
        assertThat(g.label()).isEqualTo("growing");
        assertThat(g.growing()).isTrue();
        assertThat(g.bytesPerHour()).isCloseTo(300.0 * MIB, within(15.0 * MIB));
        DirSample last = w.get(w.size() - 1);
        long expected = last.timeMillis() + (long) (last.fsAvailBytes() / (300.0 * MIB) * HOUR);
        assertThat((double) g.fsFullAtMillis()).isCloseTo(expected, within(0.06 * (expected - last.timeMillis())));
        assertThat(g.growingChild()).isEqualTo("qf");
        assertThat(g.growingOwner()).isEqualTo("root");
        assertThat(g.samples()).isEqualTo(w.size());
        assertThat(DirGrowth.describe(g)).contains("growing").contains("qf/").contains("root");
    }

    @Test
    void aLogDirectoryThatRotatesBackToItsSizeIsNotGrowing() {
        // grows 50 MiB/h through the day, logrotate brings it back to 1 GiB at midnight: three days
        List<DirSample> w = walks(72, t -> GIB + (long) (50.0 * MIB * ((t % (24 * HOUR)) / (double) HOUR)), 20 * GIB, "app", "syslog");
        DirGrowth.Result g = DirGrowth.judge(w);
        assertThat(g.growing()).as(g.trend().reason()).isFalse();
        assertThat(g.fsFullAtMillis()).isNull();
    }

    @Test
    void aLogDirectoryWhoseRotationKeepsEverythingGrowsAlongItsTroughs() {
        // rotation compresses to a fifth but nothing is ever deleted: the troughs rise 10 MiB/h
        List<DirSample> w = walks(72, t -> {
            double day = Math.floor(t / (24.0 * HOUR));
            double inDay = (t % (24 * HOUR)) / (double) HOUR;
            return GIB + (long) (day * 240 * MIB + inDay * 50 * MIB);
        }, 20 * GIB, "app", "syslog");
        DirGrowth.Result g = DirGrowth.judge(w);
        assertThat(g.growing()).as(g.trend().reason()).isTrue();
        assertThat(g.bytesPerHour()).isGreaterThan(5.0 * MIB);
        assertThat(g.fsFullAtMillis()).isNotNull();
    }

    @Test
    void aSteadyDirectoryIsStableWithNoForecast() {
        Random r = new Random(3);
        List<DirSample> w = walks(4, t -> 5 * GIB + r.nextInt((int) MIB), 20 * GIB, "x", "root");
        DirGrowth.Result g = DirGrowth.judge(w);
        assertThat(g.label()).isEqualTo("stable");
        assertThat(g.bytesPerHour()).isNotNull();
        assertThat(Math.abs(g.bytesPerHour())).isLessThan(MIB);
        assertThat(g.fsFullAtMillis()).isNull();
    }

    @Test
    void growthThatStoppedIsNotAFinding() {
        List<DirSample> w = walks(6, t -> GIB + (long) (Math.min(t, 3 * HOUR) * 200.0 * MIB / HOUR), 20 * GIB, "x", "root");
        DirGrowth.Result g = DirGrowth.judge(w);
        assertThat(g.label()).isEqualTo("grew-then-stable");
        assertThat(g.growing()).isFalse();
        assertThat(g.fsFullAtMillis()).isNull();
    }

    @Test
    void fewWalksGiveNoRateAndSayWhy() {
        List<DirSample> w = walks(0.5, t -> GIB + t, 20 * GIB, "x", "root");
        DirGrowth.Result g = DirGrowth.judge(w);
        assertThat(g.label()).isEqualTo("insufficient-data");
        assertThat(g.bytesPerHour()).isNull();
        assertThat(g.fsFullAtMillis()).isNull();
        assertThat(g.trend().reason()).contains("needs at least 12 samples");
        assertThat(DirGrowth.judge(List.of())).isNull();
    }

    @Test
    void aShrinkingSpoolIsNotGrowing() {
        List<DirSample> w = walks(3, t -> 10 * GIB - (long) (t * 500.0 * MIB / HOUR), 20 * GIB, "x", "root");
        DirGrowth.Result g = DirGrowth.judge(w);
        assertThat(g.label()).isEqualTo("shrinking");
        assertThat(g.bytesPerHour()).isLessThan(-400.0 * MIB);
        assertThat(g.fsFullAtMillis()).isNull();
    }
}
