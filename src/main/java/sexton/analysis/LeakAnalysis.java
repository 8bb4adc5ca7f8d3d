package sexton.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import sexton.model.MemoryLimits;
import sexton.model.MemorySeries;
import sexton.model.ProcessKey;
import sexton.model.SystemMemory;
import sexton.model.SystemSeries;

/**
 * Leak verdicts over a host's history: every process identity's RSS, VSIZE and swap, and the same
 * summed per group (processes sharing a command line, or a systemd unit or container), so a service
 * whose workers are recycled before any one of them looks big is still caught. Series arrive one at
 * a time ({@link #accept}); group sums are kept on the snapshot time grid, only for groups that
 * have two members or more. Leaks get a forecast: when the host runs out (MemAvailable plus free
 * swap over the combined slope of what leaks) and when the process hits its own ceiling.
 */
public final class LeakAnalysis {
    public enum Kind {
        PROCESS("process"), GROUP("group");

        private final String label;

        Kind(String label) { this.label = label; }

        public String label() { return label; }
    }

    /**
     * One judged series. {@code key} is null for groups; {@code members} counts the identities in a
     * group (1 for a process). {@code exhaustionAtMillis} is null unless a leak has a forecast;
     * {@code exhaustionBy} says which ceiling ("host memory", "cgroup memory.max", "RLIMIT_AS").
     */
    public record Finding(Kind kind, ProcessKey key, String command, String unit, String metric, TrendJudgement judgement,
                          long startKib, long endKib, int samples, int members, Long exhaustionAtMillis, String exhaustionBy) {
        public boolean isLeak() { return judgement.verdict() == Verdict.LEAK; }

        Finding withExhaustion(Long at, String by) {
            return new Finding(kind, key, command, unit, metric, judgement, startKib, endKib, samples, members, at, by);
        }
    }

    /**
     * Everything judged, leaks first by soonest exhaustion; the host's headroom and the combined
     * slope of the leaking RSS it was divided by; whether the window had enough evidence at all.
     */
    public record Result(List<Finding> findings, long fromMillis, long toMillis, int snapshots, long headroomKib,
                         double combinedSlopeKibPerHour, Long hostExhaustionAtMillis, String insufficient,
                         Map<String, GroupSeries> leakingGroups) {
        public List<Finding> leaks() {
            return findings.stream().filter(Finding::isLeak).toList();
        }
    }

    /** The summed series of a group, on the snapshot grid (NaN where no member was there), for charts. */
    public record GroupSeries(String command, String unit, int members, long[] times, double[] rssKib, double[] vsizeKib) {
    }

    /** The key of a group finding in {@link Result#leakingGroups}. */
    public static String groupKey(Finding f) {
        return f.command() != null ? "cmd\0" + f.command() : "unit\0" + f.unit();
    }

    private final LeakJudge judge;
    private final SystemSeries system;
    private final Function<ProcessKey, MemoryLimits> limits;
    private final Map<String, Group> groups = new HashMap<>();
    private final List<Finding> findings = new ArrayList<>();
    private final Map<ProcessKey, MemoryLimits> limitsSeen = new HashMap<>();
    private double[] values = new double[1024];

    /**
     * Sums of one group on the snapshot grid; count 0 at a time means no member was there. Floats:
     * a day at 10 s for a hundred groups is 100 MB in longs, and KiB sums need no more than 24 bits
     * of precision to be judged. Swap sums are made only when a member has swap.
     */
    private static final class Group {
        final String label;
        final String command;
        final String unit;
        final float[] rss, vsize;
        float[] swap;
        final int[] count;
        final Set<ProcessKey> members = new HashSet<>();

        Group(String label, String command, String unit, int n) {
            this.label = label;
            this.command = command;
            this.unit = unit;
            rss = new float[n];
            vsize = new float[n];
            count = new int[n];
        }
    }

    /**
     * @param commandGroups command lines shared by two identities or more in the window
     * @param unitGroups    units or containers shared by two identities or more
     * @param limits        the ceilings of a live process, or {@link MemoryLimits#NONE}
     */
    public LeakAnalysis(Criteria criteria, SystemSeries system, Set<String> commandGroups, Set<String> unitGroups,
                        Function<ProcessKey, MemoryLimits> limits) {
        this.judge = new LeakJudge(criteria);
        this.system = system;
        this.limits = limits;
        int n = system.size();
        for (String c : commandGroups) groups.put("cmd\0" + c, new Group("cmd\0" + c, c, null, n));
        for (String u : unitGroups) groups.put("unit\0" + u, new Group("unit\0" + u, null, u, n));
    }

    /** Judges one process identity and adds it to its groups. */
    public void accept(MemorySeries s) {
        String unit = s.info().container() != null ? s.info().container() : s.info().unit();
        judgeProcess(s, "rss", s.rssKib(), unit);
        judgeProcess(s, "vsize", s.vsizeKib(), unit);
        if (hasValues(s.swapKib())) judgeProcess(s, "swap", s.swapKib(), unit);
        Group byCommand = groups.get("cmd\0" + s.info().command());
        Group byUnit = unit == null ? null : groups.get("unit\0" + unit);
        if (byCommand == null && byUnit == null) return;
        long[] grid = system.times();
        boolean swapped = hasValues(s.swapKib());
        for (Group group : new Group[] {byCommand, byUnit}) {
            if (group != null && swapped && group.swap == null) group.swap = new float[grid.length];
        }
        int g = 0;
        for (int i = 0; i < s.size(); i++) {
            long t = s.times()[i];
            while (g < grid.length && grid[g] < t) g++;
            if (g == grid.length) break;
            if (grid[g] != t) continue;
            for (Group group : new Group[] {byCommand, byUnit}) {
                if (group == null) continue;
                group.rss[g] += Math.max(0, s.rssKib()[i]);
                group.vsize[g] += Math.max(0, s.vsizeKib()[i]);
                if (group.swap != null) group.swap[g] += Math.max(0, s.swapKib()[i]);
                group.count[g]++;
            }
        }
        if (byCommand != null) byCommand.members.add(s.key());
        if (byUnit != null) byUnit.members.add(s.key());
    }

    private static boolean hasValues(long[] a) {
        for (long v : a) if (v > 0) return true;
        return false;
    }

    private void judgeProcess(MemorySeries s, String metric, long[] kib, String unit) {
        int n = s.size();
        double[] v = buffer(n);
        for (int i = 0; i < n; i++) v[i] = kib[i] < 0 ? Double.NaN : kib[i];
        TrendJudgement j = judge.judge(s.times(), v, n);
        findings.add(new Finding(Kind.PROCESS, s.key(), s.info().command(), unit, metric, j, first(kib), last(kib), n, 1, null, null));
    }

    private double[] buffer(int n) {
        if (values.length < n) values = new double[Math.max(n, values.length * 2)];
        return values;
    }

    private static long first(long[] a) {
        for (long v : a) if (v >= 0) return v;
        return -1;
    }

    private static long last(long[] a) {
        for (int i = a.length - 1; i >= 0; i--) if (a[i] >= 0) return a[i];
        return -1;
    }

    /** Judges the groups, forecasts the leaks and ranks everything. */
    public Result finish() {
        long[] grid = system.times();
        for (Group g : groups.values()) {
            if (g.members.size() < 2) continue;
            for (String metric : new String[] {"rss", "vsize", "swap"}) {
                float[] sums = metric.equals("rss") ? g.rss : metric.equals("vsize") ? g.vsize : g.swap;
                if (sums == null) continue;
                double[] v = buffer(grid.length);
                long firstKib = -1, lastKib = -1;
                for (int i = 0; i < grid.length; i++) {
                    v[i] = g.count[i] == 0 ? Double.NaN : sums[i];
                    if (g.count[i] > 0) {
                        if (firstKib < 0) firstKib = (long) sums[i];
                        lastKib = (long) sums[i];
                    }
                }
                TrendJudgement j = judge.judge(grid, v, grid.length);
                findings.add(new Finding(Kind.GROUP, null, g.command, g.unit, metric, j, firstKib, lastKib, grid.length,
                        g.members.size(), null, null));
            }
        }
        String insufficient = null;
        Criteria c = judge.criteria();
        if (grid.length < c.minSamples() || grid.length > 0 && grid[grid.length - 1] - grid[0] < c.minSpanMillis()) {
            insufficient = String.format(java.util.Locale.ROOT, "%d samples over %s; a verdict needs at least %d samples over %s",
                    grid.length, grid.length == 0 ? "0 s" : LeakJudge.duration(grid[grid.length - 1] - grid[0]), c.minSamples(),
                    LeakJudge.duration(c.minSpanMillis()));
        }
        // the host: what is left (MemAvailable and free swap at the end) over what leaks
        long headroom = -1;
        if (!system.memory().isEmpty()) {
            SystemMemory m = system.memory().get(system.size() - 1);
            if (m.totalKib() > 0) headroom = m.availableOrEstimateKib() + Math.max(0, m.swapFreeKib());
        }
        Set<String> leakingGroupsOfProcesses = new HashSet<>();
        double combined = 0;
        for (Finding f : findings) {
            if (f.isLeak() && f.kind() == Kind.PROCESS && f.metric().equals("rss")) {
                combined += f.judgement().slopePerHour();
                leakingGroupsOfProcesses.add("cmd\0" + f.command());
                if (f.unit() != null) leakingGroupsOfProcesses.add("unit\0" + f.unit());
            }
        }
        for (Finding f : findings) { // groups whose members leak one by one are counted once, as groups
            if (f.isLeak() && f.kind() == Kind.GROUP && f.metric().equals("rss")
                    && !leakingGroupsOfProcesses.contains(f.command() != null ? "cmd\0" + f.command() : "unit\0" + f.unit())) {
                combined += f.judgement().slopePerHour();
            }
        }
        long end = grid.length == 0 ? 0 : grid[grid.length - 1];
        Long hostAt = headroom >= 0 && combined > 0 ? end + (long) (headroom / combined * 3_600_000) : null;
        List<Finding> out = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            if (!f.isLeak()) {
                out.add(f);
                continue;
            }
            Long at = f.metric().equals("vsize") ? null : hostAt;
            String by = at == null ? null : "host memory";
            if (f.kind() == Kind.PROCESS) {
                MemoryLimits lim = limitsSeen.computeIfAbsent(f.key(), limits);
                long ceiling = f.metric().equals("vsize") ? lim.addressSpaceKib() : f.metric().equals("rss") ? lim.cgroupKib() : -1;
                double slope = f.judgement().slopePerHour();
                if (ceiling > 0 && slope > 0 && f.endKib() >= 0) {
                    long own = end + (long) (Math.max(0, ceiling - f.endKib()) / slope * 3_600_000);
                    if (at == null || own < at) {
                        at = own;
                        by = f.metric().equals("vsize") ? "RLIMIT_AS" : "cgroup memory.max";
                    }
                }
            }
            out.add(f.withExhaustion(at, by));
        }
        out.sort(Comparator.comparing((Finding f) -> !f.isLeak())
                .thenComparing(f -> f.exhaustionAtMillis() == null ? Long.MAX_VALUE : f.exhaustionAtMillis())
                .thenComparing(f -> -f.judgement().slopePerHour()));
        Map<String, GroupSeries> leaking = new HashMap<>();
        for (Finding f : out) {
            if (!f.isLeak() || f.kind() != Kind.GROUP) continue;
            Group g = groups.get(groupKey(f));
            if (g == null || leaking.containsKey(g.label)) continue;
            double[] rss = new double[grid.length], vsz = new double[grid.length];
            for (int i = 0; i < grid.length; i++) {
                rss[i] = g.count[i] == 0 ? Double.NaN : g.rss[i];
                vsz[i] = g.count[i] == 0 ? Double.NaN : g.vsize[i];
            }
            leaking.put(g.label, new GroupSeries(g.command, g.unit, g.members.size(), grid, rss, vsz));
        }
        return new Result(out, grid.length == 0 ? 0 : grid[0], end, grid.length, headroom, combined, hostAt, insufficient, leaking);
    }
}
