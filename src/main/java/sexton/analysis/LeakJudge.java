package sexton.analysis;

import java.util.Locale;

/**
 * Judges one memory series: leak, growing, grew-then-stable, stable, shrinking, or not enough data.
 * The evidence is the lower envelope's Theil–Sen slope and a Mann–Kendall test corrected for
 * autocorrelation, over the whole window and over its recent part (growth that stopped is not a
 * leak), against floors of relative and absolute growth. Not thread-safe: holds scratch buffers, so
 * one judge per thread judges many series without allocating.
 */
public final class LeakJudge {
    private final Criteria criteria;
    private final LowerEnvelope envelope = new LowerEnvelope();
    private final TheilSen theilSen = new TheilSen();
    private double[] scratch = new double[256];
    /** Robust standard deviation of the envelope around its line, set by {@link #recentOnLine}. */
    private double scatter;
    /** Growth over the window, in units of that scatter, below which a rise may be wandering. */
    static final double MIN_GROWTH_TO_SCATTER = 5;

    public LeakJudge(Criteria criteria) {
        this.criteria = criteria;
    }

    public Criteria criteria() { return criteria; }

    /** Judges {@code values[0..n)} taken at {@code timesMillis}; negative or NaN values are unknown and skipped. */
    public TrendJudgement judge(long[] timesMillis, double[] values, int n) {
        int valid = 0;
        int first = -1, last = -1;
        double min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            double v = values[i];
            if (!(v >= 0) || Double.isInfinite(v)) continue;
            if (first < 0) first = i;
            last = i;
            valid++;
            if (v < min) min = v;
            if (v > max) max = v;
        }
        if (valid == 0) return TrendJudgement.insufficient("no samples", 0, 0);
        long span = timesMillis[last] - timesMillis[first];
        double start = values[first], end = values[last];
        if (valid < criteria.minSamples() || span < criteria.minSpanMillis()) {
            return TrendJudgement.insufficient(String.format(Locale.ROOT, "%d samples over %s; needs at least %d samples over %s",
                    valid, duration(span), criteria.minSamples(), duration(criteria.minSpanMillis())), start, end);
        }
        double hours = span / 3_600_000.0;
        // flat within the growth floor over the whole span: stable, without the O(n²) tests (most processes)
        double level = Math.max(min, 1);
        if (max - min < Math.max(criteria.minAbsolutePerHour() * hours, criteria.minRelativePerHour() * level * hours) / 2) {
            return new TrendJudgement(Verdict.STABLE, 0, 0, 0, 1, start, end, 0,
                    String.format(Locale.ROOT, "varies by %s over %s", size(max - min), duration(span)));
        }
        envelope.build(timesMillis, values, n);
        int m = envelope.n;
        if (m < 4) return TrendJudgement.insufficient("too few points in the lower envelope", start, end);
        if (scratch.length < m) scratch = new double[m * 2];
        double[] x = envelope.x, y = envelope.y;
        MannKendall.Result mk = MannKendall.test(y, 0, m, true, scratch);
        TheilSen.Result ts = theilSen.fit(x, y, 0, m, mk.variance(), criteria.z());
        for (int i = 0; i < m; i++) scratch[i] = y[i];
        double envLevel = Math.max(LowerEnvelope.quickMedian(scratch, m), 1);
        double slope = ts.slope();
        double relative = slope / envLevel;
        double envStart = y[0], envEnd = y[m - 1];
        boolean floor = Math.abs(slope) >= criteria.minAbsolutePerHour() && Math.abs(relative) >= criteria.minRelativePerHour();
        boolean up = mk.z() >= criteria.z() && slope > 0;
        boolean down = mk.z() <= -criteria.z() && slope < 0;
        String how = envelope.troughs ? "troughs" : "floor";

        // the recent part of the window: does it still rise?
        double cut = x[m - 1] - criteria.recentFraction() * x[m - 1];
        int r0 = 0;
        while (r0 < m && x[r0] < cut) r0++;
        if (m - r0 < 4) r0 = Math.max(0, m - 4);
        MannKendall.Result recentMk = MannKendall.test(y, r0, m, false, scratch);
        double recentSlope = theilSen.fit(x, y, r0, m, recentMk.variance(), criteria.z()).slope();

        if (up && floor) {
            double conf = Normal.cdf(mk.z());
            // growth that stopped leaves the recent points below the fitted line; a leak keeps them on it
            boolean onLine = recentOnLine(x, y, m, r0, ts);
            // and the growth must stand out of the envelope's own wandering: a slowly mean-reverting
            // series drifts by two or three times its scatter over a window, a leak by far more
            boolean standsOut = slope * x[m - 1] >= MIN_GROWTH_TO_SCATTER * scatter;
            if (standsOut && (recentSlope >= 0.5 * slope && recentMk.z() >= 1.0 || recentSlope >= 0.25 * slope && onLine)) {
                return judged(Verdict.LEAK, ts, Math.min(conf, Normal.cdf(recentMk.z()) + 0.5 * (1 - Normal.cdf(recentMk.z()))),
                        envStart, envEnd, relative, String.format(Locale.ROOT, "%s rises %s/h (%.1f %%/h), still rising in the last %s; trend z=%.1f",
                                how, size(slope), relative * 100, duration((long) ((x[m - 1] - cut) * 3_600_000)), mk.z()));
            }
            if (recentSlope < 0.25 * slope) {
                return judged(Verdict.GREW_THEN_STABLE, ts, conf, envStart, envEnd, relative,
                        String.format(Locale.ROOT, "%s rose %s/h overall but not in the last %s", how, size(slope),
                                duration((long) ((x[m - 1] - cut) * 3_600_000))));
            }
            return judged(Verdict.GROWING, ts, conf, envStart, envEnd, relative,
                    String.format(Locale.ROOT, "%s rises %s/h; the recent part rises less clearly (z=%.1f)", how, size(slope), recentMk.z()));
        }
        if (down && floor) {
            return judged(Verdict.SHRINKING, ts, Normal.cdf(-mk.z()), envStart, envEnd, relative,
                    String.format(Locale.ROOT, "%s falls %s/h", how, size(-slope)));
        }
        // no steady trend: a step up that then held?
        int q = Math.max(1, m / 4);
        double early = 0, late = 0;
        for (int i = 0; i < q; i++) early += y[i];
        early /= q;
        int lateFrom = Math.max(q, r0);
        for (int i = lateFrom; i < m; i++) late += y[i];
        late /= (m - lateFrom);
        double stepFloor = Math.max(0.05 * envLevel, criteria.minAbsolutePerHour());
        double p = mk.p();
        if (late - early >= stepFloor && Math.abs(recentSlope) < Math.max(criteria.minRelativePerHour() * envLevel,
                criteria.minAbsolutePerHour())) {
            return judged(Verdict.GREW_THEN_STABLE, ts, 1 - p / 2, envStart, envEnd, relative,
                    String.format(Locale.ROOT, "%s stepped up by %s, then held", how, size(late - early)));
        }
        return judged(Verdict.STABLE, ts, p, envStart, envEnd, relative,
                String.format(Locale.ROOT, "no steady growth of the %s (%s/h, trend z=%.1f)", how, size(slope), mk.z()));
    }

    /**
     * Whether the recent points sit on the whole window's line: their mean residual is no lower than
     * one robust standard deviation of all residuals (median absolute residual × 1.4826) below it.
     */
    private boolean recentOnLine(double[] x, double[] y, int m, int r0, TheilSen.Result ts) {
        double recent = 0;
        for (int i = 0; i < m; i++) {
            double r = y[i] - (ts.intercept() + ts.slope() * x[i]);
            scratch[i] = Math.abs(r);
            if (i >= r0) recent += r;
        }
        recent /= (m - r0);
        double sigma = 1.4826 * LowerEnvelope.quickMedian(scratch, m);
        scatter = sigma;
        return recent >= -sigma;
    }

    private static TrendJudgement judged(Verdict v, TheilSen.Result ts, double confidence, double start, double end, double relative,
                                         String reason) {
        return new TrendJudgement(v, ts.slope(), ts.low(), ts.high(), Math.max(0, Math.min(1, confidence)), start, end, relative,
                reason);
    }

    /** KiB as MiB with one decimal, for reasons. */
    static String size(double kib) {
        return String.format(Locale.ROOT, "%.1f MiB", kib / 1024);
    }

    static String duration(long millis) {
        long s = millis / 1000;
        if (s < 120) return s + " s";
        if (s < 7200) return (s / 60) + " min";
        if (s < 172_800) return String.format(Locale.ROOT, "%.1f h", s / 3600.0);
        return String.format(Locale.ROOT, "%.1f d", s / 86400.0);
    }
}
