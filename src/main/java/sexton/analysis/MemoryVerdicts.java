package sexton.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import sexton.model.ProcessSample;
import sexton.model.Snapshot;
import sexton.model.SystemMemory;
import sexton.model.SystemSeries;

/**
 * The HOWTO's judgements on system memory, with their numbers: "Memory Used" near the total is
 * normal (the kernel caches); used − buffers − cached at 75 % of used means a leak or too little
 * RAM; the same 75 % on what MemAvailable leaves, since modern kernels report it; swap that climbs
 * steadily; the processes above the %MEM threshold; and when MemAvailable runs out at its trend.
 */
public final class MemoryVerdicts {
    /** The HOWTO's threshold for "applications hold most of the memory". */
    public static final double APP_RATIO_RULE = 0.75;

    public record TopConsumer(int pid, String command, String user, long rssKib, double memPct) {
    }

    /**
     * {@code usedRatio}: (total − free)/total. {@code appRatio}: (used − buffers − cached)/used.
     * {@code heldRatio}: (total − MemAvailable)/total. Trends are null when the history is too short
     * to have been judged; {@code availableGoneAtMillis} when MemAvailable shrinks toward zero.
     */
    public record Result(long atMillis, SystemMemory latest, double usedRatio, double appRatio, boolean appRatioTriggered,
                         double heldRatio, boolean heldRatioTriggered, TrendJudgement swap, TrendJudgement available,
                         TrendJudgement application, Long availableGoneAtMillis, List<TopConsumer> topConsumers) {
        public boolean needsAttention() {
            return appRatioTriggered || heldRatioTriggered || swap != null && swap.verdict() == Verdict.LEAK
                    || application != null && application.verdict() == Verdict.LEAK;
        }
    }

    private MemoryVerdicts() {}

    public static Result judge(SystemSeries history, Snapshot latest, double memThresholdPct, Criteria criteria) {
        SystemMemory m = latest.memory();
        double used = m.usedWithCacheKib();
        double usedRatio = m.totalKib() > 0 ? used / m.totalKib() : Double.NaN;
        double appRatio = used > 0 ? m.usedMinusBuffersCachedKib() / used : Double.NaN;
        double heldRatio = m.totalKib() > 0 ? (m.totalKib() - m.availableOrEstimateKib()) / (double) m.totalKib() : Double.NaN;
        LeakJudge judge = new LeakJudge(criteria);
        int n = history.size();
        double[] swap = new double[n], avail = new double[n], app = new double[n];
        for (int i = 0; i < n; i++) {
            SystemMemory s = history.memory().get(i);
            boolean known = s.totalKib() > 0;
            swap[i] = known && s.swapTotalKib() >= 0 ? s.swapUsedKib() : Double.NaN;
            avail[i] = known ? s.availableOrEstimateKib() : Double.NaN;
            app[i] = known ? s.usedMinusBuffersCachedKib() : Double.NaN;
        }
        TrendJudgement swapJ = m.swapTotalKib() > 0 ? judge.judge(history.times(), swap, n) : null;
        TrendJudgement availJ = judge.judge(history.times(), avail, n);
        TrendJudgement appJ = judge.judge(history.times(), app, n);
        Long gone = null;
        if (availJ.verdict() == Verdict.SHRINKING && availJ.slopePerHour() < 0 && n > 0) {
            gone = history.times()[n - 1] + (long) (m.availableOrEstimateKib() / -availJ.slopePerHour() * 3_600_000);
        }
        List<TopConsumer> top = new ArrayList<>();
        for (ProcessSample p : latest.processes()) {
            double pct = p.memPct() > 0 ? p.memPct() : m.totalKib() > 0 && p.rssKib() > 0 ? 100.0 * p.rssKib() / m.totalKib() : 0;
            if (pct > memThresholdPct) top.add(new TopConsumer(p.pid(), p.info().command(), p.user(), p.rssKib(), pct));
        }
        top.sort(Comparator.comparingDouble(TopConsumer::memPct).reversed());
        return new Result(latest.timeMillis(), m, usedRatio, appRatio, appRatio >= APP_RATIO_RULE, heldRatio,
                heldRatio >= APP_RATIO_RULE, swapJ, availJ, appJ, gone, top);
    }

    /** "97 %" */
    static String pct(double ratio) {
        return String.format(Locale.ROOT, "%.0f %%", ratio * 100);
    }
}
