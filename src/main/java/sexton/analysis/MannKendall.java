package sexton.analysis;

/**
 * The Mann–Kendall monotonic-trend test: S counts increasing minus decreasing pairs; its variance is
 * corrected for ties and, because memory samples are autocorrelated, inflated by Hamed and Rao's
 * effective-sample-size factor; Z uses the continuity correction.
 */
public final class MannKendall {
    private MannKendall() {}

    /** Result: S, its (corrected) variance, Z, and the two-sided p-value. */
    public record Result(long s, double variance, double z, double p) {
    }

    /** The test on {@code y[from..to)}, equally weighted points in time order. */
    public static Result test(double[] y, int from, int to, boolean correctAutocorrelation, double[] scratch) {
        int n = to - from;
        if (n < 3) return new Result(0, 0, 0, 1);
        long s = 0;
        for (int i = from; i < to - 1; i++) {
            double a = y[i];
            for (int j = i + 1; j < to; j++) {
                double d = y[j] - a;
                if (d > 0) s++;
                else if (d < 0) s--;
            }
        }
        double var = n * (n - 1.0) * (2 * n + 5);
        // ties: sort a copy and count runs
        System.arraycopy(y, from, scratch, 0, n);
        java.util.Arrays.sort(scratch, 0, n);
        int run = 1;
        for (int i = 1; i <= n; i++) {
            if (i < n && scratch[i] == scratch[i - 1]) {
                run++;
            } else {
                if (run > 1) var -= run * (run - 1.0) * (2 * run + 5);
                run = 1;
            }
        }
        var /= 18.0;
        if (correctAutocorrelation && n >= 8) var *= Math.min(hamedRao(y, from, to, scratch), n); // never more than all-in-one
        double z = var <= 0 ? 0 : s > 0 ? (s - 1) / Math.sqrt(var) : s < 0 ? (s + 1) / Math.sqrt(var) : 0;
        return new Result(s, var, z, 2 * (1 - Normal.cdf(Math.abs(z))));
    }

    /**
     * Hamed and Rao's variance inflation n/n*: 1 + 2/(n(n-1)(n-2)) Σ (n-k)(n-k-1)(n-k-2) ρ(k) over the
     * lags whose autocorrelation of the detrended series is significant at 95 %. Memory wanders
     * slowly, so more than the first lag matters.
     */
    static double hamedRao(double[] y, int from, int to, double[] scratch) {
        int n = to - from;
        detrend(y, from, to, scratch);
        double den = 0;
        for (int i = 0; i < n; i++) den += scratch[i] * scratch[i];
        if (den == 0) return 1;
        double bound = 1.96 / Math.sqrt(n);
        double sum = 0;
        for (int k = 1; k < n - 2; k++) {
            double num = 0;
            for (int i = k; i < n; i++) num += scratch[i] * scratch[i - k];
            double rho = num / den;
            if (Math.abs(rho) > bound) sum += (n - k) * (n - k - 1.0) * (n - k - 2.0) * rho;
        }
        return Math.max(1, 1 + 2 * sum / (n * (n - 1.0) * (n - 2.0)));
    }

    /** Residuals from a least-squares line (index as time) into {@code out[0..n)}. */
    private static void detrend(double[] y, int from, int to, double[] out) {
        int n = to - from;
        double mx = (n - 1) / 2.0, my = 0;
        for (int i = from; i < to; i++) my += y[i];
        my /= n;
        double sxy = 0, sxx = 0;
        for (int i = 0; i < n; i++) {
            sxy += (i - mx) * (y[from + i] - my);
            sxx += (i - mx) * (i - mx);
        }
        double b = sxx == 0 ? 0 : sxy / sxx;
        for (int i = 0; i < n; i++) out[i] = y[from + i] - (my + b * (i - mx));
    }
}
