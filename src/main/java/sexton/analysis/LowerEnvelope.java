package sexton.analysis;

/**
 * The lower envelope of a memory series, which is what a leak moves: a garbage-collected heap or a
 * cache rises and falls, and only its floor says whether memory is lost. Where the series drops
 * sharply again and again (a sawtooth), the envelope is the trough after each drop; otherwise the
 * minimum of each of up to {@link #MAX_BUCKETS} equal time buckets. Not thread-safe: holds its output.
 */
public final class LowerEnvelope {
    /** More points cost O(n²) in the trend tests and add little: the envelope is already smoothed. */
    static final int MAX_BUCKETS = 48;
    /** Fewer troughs than this and a sawtooth cannot be told from noise: fall back to buckets. */
    static final int MIN_TROUGHS = 5;

    /** Hours since the first sample. */
    double[] x = new double[256];
    double[] y = new double[256];
    int n;
    boolean troughs;
    private double[] diffs = new double[1024];

    /** Builds the envelope of the valid values (finite, not negative) among the first {@code len}. */
    void build(long[] t, double[] v, int len) {
        n = 0;
        troughs = false;
        int first = -1, last = -1, valid = 0;
        for (int i = 0; i < len; i++) {
            if (ok(v[i])) {
                if (first < 0) first = i;
                last = i;
                valid++;
            }
        }
        if (valid == 0) return;
        if (!fromTroughs(t, v, len, first, valid)) fromBuckets(t, v, len, first, last, valid);
    }

    private static boolean ok(double d) {
        return d >= 0 && !Double.isInfinite(d);
    }

    /** Troughs after sharp drops: a drop is a fall larger than 8 typical steps and 2 % of the level. */
    private boolean fromTroughs(long[] t, double[] v, int len, int first, int valid) {
        if (diffs.length < valid) diffs = new double[valid * 2];
        int k = 0;
        double prev = Double.NaN;
        double levelSum = 0;
        for (int i = first; i < len; i++) {
            if (!ok(v[i])) continue;
            levelSum += v[i];
            if (!Double.isNaN(prev)) diffs[k++] = Math.abs(v[i] - prev);
            prev = v[i];
        }
        if (k < 2 * MIN_TROUGHS) return false;
        double typical = quickMedian(diffs, k);
        double level = levelSum / valid;
        double drop = Math.max(8 * typical, 0.02 * level);
        if (drop <= 0) return false;
        // count first: most series have no drops at all
        int drops = 0;
        prev = Double.NaN;
        for (int i = first; i < len; i++) {
            if (!ok(v[i])) continue;
            if (!Double.isNaN(prev) && prev - v[i] > drop) drops++;
            prev = v[i];
        }
        if (drops < MIN_TROUGHS) return false;
        long t0 = t[first];
        prev = Double.NaN;
        for (int i = first; i < len; i++) {
            if (!ok(v[i])) continue;
            if (!Double.isNaN(prev) && prev - v[i] > drop) {
                int j = i; // slide to the bottom of this fall
                for (int k2 = i + 1; k2 < len; k2++) {
                    if (!ok(v[k2])) continue;
                    if (v[k2] <= v[j]) j = k2;
                    else break;
                }
                add((t[j] - t0) / 3_600_000.0, v[j]);
            }
            prev = v[i];
        }
        troughs = true;
        return true;
    }

    private void fromBuckets(long[] t, double[] v, int len, int first, int last, int valid) {
        int buckets = Math.max(1, Math.min(MAX_BUCKETS, valid / 4));
        long t0 = t[first];
        double span = Math.max(1, t[last] - t0);
        int current = -1;
        double min = Double.NaN;
        long minT = 0;
        for (int i = first; i <= last; i++) {
            if (!ok(v[i])) continue;
            int b = (int) Math.min(buckets - 1, (long) ((t[i] - t0) / span * buckets));
            if (b != current) {
                if (current >= 0) add((minT - t0) / 3_600_000.0, min);
                current = b;
                min = v[i];
                minT = t[i];
            } else if (v[i] < min) {
                min = v[i];
                minT = t[i];
            }
        }
        if (current >= 0) add((minT - t0) / 3_600_000.0, min);
    }

    private void add(double hx, double hy) {
        if (n == x.length) {
            x = java.util.Arrays.copyOf(x, n * 2);
            y = java.util.Arrays.copyOf(y, n * 2);
        }
        x[n] = hx;
        y[n] = hy;
        n++;
    }

    /** Median by partial sort (reorders {@code a}). */
    static double quickMedian(double[] a, int n) {
        int k = n / 2, lo = 0, hi = n - 1;
        while (lo < hi) {
            double pivot = a[(lo + hi) >>> 1];
            int i = lo, j = hi;
            while (i <= j) {
                while (a[i] < pivot) i++;
                while (a[j] > pivot) j--;
                if (i <= j) {
                    double tmp = a[i];
                    a[i] = a[j];
                    a[j] = tmp;
                    i++;
                    j--;
                }
            }
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else break;
        }
        return a[k];
    }
}
