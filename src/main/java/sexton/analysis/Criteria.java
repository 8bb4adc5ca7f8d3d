package sexton.analysis;

/**
 * When {@link LeakJudge} calls a series a leak. Defaults:
 * <ul>
 * <li>20 samples over at least 1 minute: below that any slope is a guess (a live check at 1 s for a
 * minute just qualifies; a 10 s capture needs 3 minutes and more);</li>
 * <li>growth of at least 1 %/h of the series' level and 1 MiB/h: smaller slopes are allocator noise;</li>
 * <li>the trend test at 99 % (two-sided) on the lower envelope: memory series are persistent, and at
 * 95 % one slowly wandering series in a hundred looked like a leak; the last third of the window must
 * still rise, so growth that stopped is not a leak.</li>
 * </ul>
 */
public record Criteria(int minSamples, long minSpanMillis, double minRelativePerHour, double minAbsolutePerHour,
                       double recentFraction, double z) {
    public static final Criteria DEFAULT = new Criteria(20, 60_000, 0.01, 1024, 1.0 / 3, 2.576);

    public Criteria withMinSpan(long millis) {
        return new Criteria(minSamples, millis, minRelativePerHour, minAbsolutePerHour, recentFraction, z);
    }
}
