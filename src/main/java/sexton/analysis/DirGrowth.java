package sexton.analysis;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import sexton.model.DirSample;

/**
 * Whether a watched directory grows, judged like memory by {@link LeakJudge} (lower envelope,
 * Theil–Sen, Mann–Kendall): a log directory that rotates rises along its troughs, a spool that
 * fills rises everywhere. Then when its file system is full at that rate, and which child directory
 * and which owner took the growth.
 */
public final class DirGrowth {
    /**
     * Dir criteria: 12 walks over at least a minute (an hour at the default 5-minute cadence); growth
     * of at least 1 MiB/h and 0.1 %/h of the tree, lower than for memory because what matters is the
     * file system filling, and a 50 GB log tree growing 100 MB/h fills a disk without growing 1 %/h.
     */
    public static final Criteria CRITERIA = new Criteria(12, 60_000, 0.001, 1024, 1.0 / 3, 2.576);

    /**
     * One directory's verdict: its walks (latest last), the trend of its bytes in KiB, growth in bytes
     * per hour (null without enough history), when its file system is full at that rate (null unless
     * it grows), and the child directory and owner that grew most between the first and last walk.
     */
    public record Result(String path, DirSample latest, int samples, long firstMillis, TrendJudgement trend, Double bytesPerHour,
                         Long fsFullAtMillis, String growingChild, long growingChildBytes, String growingOwner, long growingOwnerBytes,
                         long[] times, long[] bytes) {
        /** Growing steadily or unsteadily: worth a finding. */
        public boolean growing() {
            return trend.verdict() == Verdict.LEAK || trend.verdict() == Verdict.GROWING;
        }

        /** The verdict in the words of directories. */
        public String label() {
            return DirGrowth.label(trend.verdict());
        }
    }

    private DirGrowth() {}

    public static String label(Verdict v) {
        return switch (v) {
            case LEAK -> "growing";
            case GROWING -> "growing-unsteadily";
            default -> v.label();
        };
    }

    /** Judges the walks of one directory, oldest first; null when there are none. */
    public static Result judge(List<DirSample> walks) {
        return judge(walks, CRITERIA);
    }

    public static Result judge(List<DirSample> walks, Criteria criteria) {
        if (walks.isEmpty()) return null;
        int n = walks.size();
        long[] t = new long[n], bytes = new long[n];
        double[] kib = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = walks.get(i).timeMillis();
            bytes[i] = walks.get(i).bytes();
            kib[i] = bytes[i] / 1024.0;
        }
        TrendJudgement j = new LeakJudge(criteria).judge(t, kib, n);
        DirSample first = walks.get(0), last = walks.get(n - 1);
        Double perHour = j.verdict() == Verdict.INSUFFICIENT_DATA ? null : j.slopePerHour() * 1024;
        Long fullAt = null;
        boolean growing = j.verdict() == Verdict.LEAK || j.verdict() == Verdict.GROWING;
        if (growing && perHour != null && perHour > 0 && last.fsAvailBytes() >= 0) {
            fullAt = last.timeMillis() + (long) (last.fsAvailBytes() / perHour * 3_600_000.0);
        }
        String[] child = new String[1];
        long[] childGrowth = {0};
        grewMost(first.children(), last.children(), child, childGrowth);
        String[] owner = new String[1];
        long[] ownerGrowth = {0};
        grewMost(first.owners(), last.owners(), owner, ownerGrowth);
        return new Result(last.path(), last, n, first.timeMillis(), j, perHour, fullAt, child[0], childGrowth[0], owner[0], ownerGrowth[0],
                t, bytes);
    }

    /** The key whose bytes grew most from {@code before} to {@code after} (a new key grew from zero). */
    private static void grewMost(Map<String, DirSample.Usage> before, Map<String, DirSample.Usage> after, String[] key, long[] growth) {
        for (Map.Entry<String, DirSample.Usage> e : after.entrySet()) {
            DirSample.Usage b = before.get(e.getKey());
            long g = e.getValue().bytes() - (b == null ? 0 : b.bytes());
            if (g > growth[0]) {
                growth[0] = g;
                key[0] = e.getKey();
            }
        }
    }

    /** "growing 1.2 GiB/h, mostly deferred/ (+800 MiB) and user root (+1.1 GiB)" style detail. */
    public static String describe(Result r) {
        StringBuilder b = new StringBuilder(r.label());
        if (r.bytesPerHour() != null) b.append(String.format(Locale.ROOT, " %+.1f MiB/h", r.bytesPerHour() / 1048576));
        if (r.growingChild() != null && r.growing()) {
            b.append(String.format(Locale.ROOT, ", most in %s/ (%+.1f MiB)", r.growingChild(), r.growingChildBytes() / 1048576.0));
        }
        if (r.growingOwner() != null && r.growing()) {
            b.append(String.format(Locale.ROOT, ", owned by %s (%+.1f MiB)", r.growingOwner(), r.growingOwnerBytes() / 1048576.0));
        }
        b.append(" — ").append(r.trend().reason());
        return b.toString();
    }
}
