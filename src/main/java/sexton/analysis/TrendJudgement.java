package sexton.analysis;

/**
 * A judged series: verdict, Theil–Sen slope of its lower envelope per hour with the bounds of its
 * confidence interval, confidence in the verdict (0..1), first and last envelope levels, slope
 * relative to the level, and a one-line reason. Values are in the unit of the input (KiB here).
 */
public record TrendJudgement(Verdict verdict, double slopePerHour, double slopeLowPerHour, double slopeHighPerHour,
                             double confidence, double startValue, double endValue, double relativeGrowthPerHour,
                             String reason) {
    static TrendJudgement insufficient(String reason, double start, double end) {
        return new TrendJudgement(Verdict.INSUFFICIENT_DATA, 0, 0, 0, 0, start, end, 0, reason);
    }
}
