package sexton.analysis;

import java.util.Arrays;

/**
 * The Theil–Sen slope (median of pairwise slopes, robust to a third of outliers) with Sen's
 * confidence interval from the Mann–Kendall variance. Not thread-safe: reuses a scratch array.
 */
public final class TheilSen {
    private double[] slopes = new double[1024];

    /** Slope, low and high bound, of {@code y} against {@code x} over [from, to). */
    public record Result(double slope, double low, double high, double intercept) {
    }

    public Result fit(double[] x, double[] y, int from, int to, double mkVariance, double z) {
        int n = to - from;
        int pairs = n * (n - 1) / 2;
        if (slopes.length < pairs) slopes = new double[pairs];
        int k = 0;
        for (int i = from; i < to - 1; i++) {
            for (int j = i + 1; j < to; j++) {
                double dx = x[j] - x[i];
                if (dx != 0) slopes[k++] = (y[j] - y[i]) / dx;
            }
        }
        if (k == 0) return new Result(0, 0, 0, n > 0 ? y[from] : 0);
        Arrays.sort(slopes, 0, k);
        double slope = k % 2 == 1 ? slopes[k / 2] : (slopes[k / 2 - 1] + slopes[k / 2]) / 2;
        double c = z * Math.sqrt(Math.max(mkVariance, 0));
        int lo = (int) Math.floor((k - c) / 2);
        int hi = (int) Math.ceil((k + c) / 2);
        double low = slopes[Math.max(0, Math.min(k - 1, lo))];
        double high = slopes[Math.max(0, Math.min(k - 1, hi))];
        // intercept: median of y - slope x
        double[] r = new double[n];
        for (int i = 0; i < n; i++) r[i] = y[from + i] - slope * x[from + i];
        Arrays.sort(r);
        double intercept = n % 2 == 1 ? r[n / 2] : (r[n / 2 - 1] + r[n / 2]) / 2;
        return new Result(slope, low, high, intercept);
    }
}
