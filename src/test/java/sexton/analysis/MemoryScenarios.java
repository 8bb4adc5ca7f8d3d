package sexton.analysis;

import java.util.List;
import java.util.Random;

/**
 * Labelled memory series for judging the judge: leaks that must be found and look-alikes that must
 * not be, with noise, at several sample rates and spans. Values in KiB, rounded to whole pages like
 * RSS. Shapes scale with the span (a staircase has about twelve steps whatever the window).
 */
final class MemoryScenarios {
    enum Kind {
        LINEAR(true), STAIRCASE(true), SAWTOOTH_RISING(true), SLOW_2_PCT_PER_HOUR(true), VSIZE_ONLY(true),
        WARM_UP_PLATEAU(false), SAWTOOTH_FLAT(false), MEAN_REVERTING(false), ONE_STEP(false), SHRINKING(false),
        PID_REUSE_BIGGER(false), SHORT_LIVED(false);

        final boolean leak;

        Kind(boolean leak) { this.leak = leak; }
    }

    /** A sample rate and a span. */
    record Rate(long intervalMillis, long spanMillis, String label) {
    }

    static final List<Rate> RATES = List.of(
            new Rate(1_000, 30 * 60_000L, "1 s over 30 min"),
            new Rate(10_000, 2 * 3_600_000L, "10 s over 2 h"),
            new Rate(60_000, 24 * 3_600_000L, "60 s over 24 h"),
            new Rate(10_000, 24 * 3_600_000L, "10 s over 24 h"));

    /** One generated series: what a judge sees for one process and metric. */
    record Series(Kind kind, long[] t, double[] v) {
    }

    /**
     * The series a scenario produces. Most give one; VSIZE_ONLY gives the growing VSIZE then the flat
     * RSS of the same process; PID_REUSE_BIGGER gives the two programs that shared the pid.
     */
    static List<Series> generate(Kind kind, Rate rate, long seed) {
        Random r = new Random(seed * 7919 + kind.ordinal() * 31 + rate.intervalMillis());
        int n = (int) (rate.spanMillis() / rate.intervalMillis()) + 1;
        long t0 = 1_795_000_000_000L;
        long[] t = new long[n];
        for (int i = 0; i < n; i++) t[i] = t0 + i * rate.intervalMillis();
        double level = (50 + r.nextInt(1950)) * 1024.0; // 50 MiB to 2 GiB
        double hours = rate.spanMillis() / 3_600_000.0;
        double noise = 0.003 * level;
        double[] v = new double[n];
        switch (kind) {
            case LINEAR, VSIZE_ONLY -> {
                double total = (0.03 + 0.07 * r.nextDouble()) * hours * level; // 3 to 10 %/h
                for (int i = 0; i < n; i++) v[i] = level + total * i / (n - 1) + noise * r.nextGaussian();
            }
            case SLOW_2_PCT_PER_HOUR -> {
                for (int i = 0; i < n; i++) v[i] = level * (1 + 0.02 * hours * i / (n - 1)) + 0.5 * noise * r.nextGaussian();
            }
            case STAIRCASE -> {
                int steps = 12;
                double step = (0.03 + 0.05 * r.nextDouble()) * hours * level / steps; // 3 to 8 %/h in 12 steps
                for (int i = 0; i < n; i++) v[i] = level + step * Math.floor((double) i * steps / n) + noise * r.nextGaussian();
            }
            case SAWTOOTH_RISING, SAWTOOTH_FLAT -> {
                int period = Math.max(8, n / 16);
                double amplitude = (0.2 + 0.3 * r.nextDouble()) * level;
                double rise = kind == Kind.SAWTOOTH_RISING ? (0.03 + 0.05 * r.nextDouble()) * hours * level : 0;
                int phase = r.nextInt(period);
                for (int i = 0; i < n; i++) {
                    double tooth = ((i + phase) % period) / (double) period;
                    v[i] = level + rise * i / (n - 1) + amplitude * tooth + noise * r.nextGaussian();
                }
            }
            case WARM_UP_PLATEAU -> {
                double gain = (0.2 + 0.5 * r.nextDouble()) * level;
                double tau = n / 12.0;
                for (int i = 0; i < n; i++) v[i] = level + gain * (1 - Math.exp(-i / tau)) + noise * r.nextGaussian();
            }
            case MEAN_REVERTING -> {
                double x = 0;
                double sigma = 0.004 * level;
                for (int i = 0; i < n; i++) {
                    x = 0.97 * x + sigma * r.nextGaussian();
                    v[i] = level + x;
                }
            }
            case ONE_STEP -> {
                int at = (int) (n * (0.1 + 0.4 * r.nextDouble()));
                double step = (0.1 + 0.4 * r.nextDouble()) * level;
                for (int i = 0; i < n; i++) v[i] = level + (i >= at ? step : 0) + noise * r.nextGaussian();
            }
            case SHRINKING -> {
                double total = Math.min(0.5, (0.03 + 0.07 * r.nextDouble()) * hours) * level;
                for (int i = 0; i < n; i++) v[i] = level + total - total * i / (n - 1) + noise * r.nextGaussian();
            }
            case PID_REUSE_BIGGER -> {
                int at = n / 2;
                double bigger = level * (2 + r.nextDouble());
                double[] a = new double[at], b = new double[n - at];
                long[] ta = java.util.Arrays.copyOf(t, at), tb = java.util.Arrays.copyOfRange(t, at, n);
                for (int i = 0; i < at; i++) a[i] = pages(level + noise * r.nextGaussian());
                for (int i = 0; i < n - at; i++) b[i] = pages(bigger + noise * r.nextGaussian());
                return List.of(new Series(kind, ta, a), new Series(kind, tb, b));
            }
            case SHORT_LIVED -> {
                int len = 5 + r.nextInt(10);
                long[] ts = java.util.Arrays.copyOf(t, len);
                double[] s = new double[len];
                for (int i = 0; i < len; i++) s[i] = pages(level + level * 0.05 * i);
                return List.of(new Series(kind, ts, s));
            }
        }
        for (int i = 0; i < n; i++) v[i] = pages(v[i]);
        if (kind == Kind.VSIZE_ONLY) {
            double[] rss = new double[n];
            double rssLevel = level / 3;
            for (int i = 0; i < n; i++) rss[i] = pages(rssLevel + 0.003 * rssLevel * r.nextGaussian());
            return List.of(new Series(kind, t, v), new Series(Kind.MEAN_REVERTING, t, rss));
        }
        return List.of(new Series(kind, t, v));
    }

    /** Whole 4 KiB pages, as RSS is. */
    static double pages(double kib) {
        return Math.max(0, Math.round(kib / 4) * 4.0);
    }

    private MemoryScenarios() {}
}
