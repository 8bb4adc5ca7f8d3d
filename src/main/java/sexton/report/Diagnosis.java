package sexton.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import sexton.analysis.Criteria;
import sexton.analysis.DirGrowth;
import sexton.analysis.LeakAnalysis;
import sexton.analysis.MemoryVerdicts;
import sexton.analysis.StuckProcesses;
import sexton.analysis.ZombieAnalysis;
import sexton.model.LogTemplate;
import sexton.model.MemoryLimits;
import sexton.model.MemorySeries;
import sexton.model.ProcState;
import sexton.model.ProcessKey;
import sexton.model.ProcessSample;
import sexton.model.ServiceOwner;
import sexton.model.Snapshot;
import sexton.model.SystemSeries;
import sexton.store.HostRow;
import sexton.store.Store;

/**
 * Everything sexton can say about one host over one window, gathered in one pass over its history:
 * leak verdicts, the memory rules, zombies with their parents, stuck processes, the growth of the
 * watched directories, and the series the
 * report draws (downsampled as they stream, so a day of 1,000 processes stays small).
 */
public record Diagnosis(String host, long fromMillis, long toMillis, int samples, SystemSeries system, Snapshot latest,
                        List<ProcessChart> processes, LeakAnalysis.Result leaks, MemoryVerdicts.Result memory,
                        ZombieAnalysis.Report zombies, Map<Integer, List<LogTemplate>> logs, StuckProcesses.Result stuck,
                        ZombieTimeline zombieTimeline, List<DirGrowth.Result> dirs) {

    /**
     * One process's (or, with a null key, one group's) memory as charted: downsampled times, RSS and
     * VSIZE in KiB (-1 unknown), why it is shown, and its chart id.
     */
    public record ProcessChart(ProcessKey key, String command, long[] times, long[] rssKib, long[] vsizeKib, String why, String id) {
        public ProcessChart(ProcessKey key, String command, long[] times, long[] rssKib, long[] vsizeKib, String why) {
            this(key, command, times, rssKib, vsizeKib, why, key == null ? null : Findings.chartId(key.pid(), key.startTicks()));
        }
    }

    /** Zombies over time, stacked by parent: {@code counts[p][i]} zombies of {@code parents.get(p)} at {@code times[i]}. */
    public record ZombieTimeline(long[] times, List<String> parents, int[][] counts) {
    }

    /** Points per charted series: min and max of each of 600 buckets keep every peak visible. */
    static final int BUCKETS = 600;
    static final long ZOMBIE_HISTORY_MILLIS = 30 * 60_000L;

    public static Diagnosis gather(Store store, HostRow host, long from, long to, double memThresholdPct,
                                   Function<ProcessKey, MemoryLimits> limits, Function<Snapshot, Function<ProcessSample, ServiceOwner>> owners,
                                   Function<List<sexton.analysis.ZombieGroup>, Map<Integer, List<LogTemplate>>> logs) {
        SystemSeries system = store.systemSeries(host.id(), from, to);
        if (system.size() == 0) throw new IllegalArgumentException("no samples of " + host.name() + " in that window");
        long end = system.times()[system.size() - 1];
        Snapshot latest = store.snapshotAt(host.id(), end).orElseThrow();
        LeakAnalysis leaks = new LeakAnalysis(Criteria.DEFAULT, system, store.sharedBy(host.id(), from, to, false),
                store.sharedBy(host.id(), from, to, true), limits);
        long total = latest.memory().totalKib();
        List<ProcessChart> kept = new ArrayList<>();
        Map<ProcessKey, ProcessChart> all = new HashMap<>();
        Map<ProcessKey, Long> inDSince = new HashMap<>();
        List<ZombieAnalysis.Sighting> sightings = new ArrayList<>();
        Map<Long, Integer> gridIndex = new HashMap<>();
        for (int i = 0; i < system.size(); i++) gridIndex.put(system.times()[i], i);
        Map<Integer, int[]> zombiesByParent = new TreeMap<>();
        Map<Integer, String> parentNames = new HashMap<>();
        store.memorySeries(host.id(), from, to, s -> {
            leaks.accept(s);
            long maxRss = 0;
            for (long r : s.rssKib()) maxRss = Math.max(maxRss, r);
            ProcessChart chart = downsample(s, null);
            boolean big = total > 0 && maxRss * 100.0 / total > memThresholdPct;
            if (big) kept.add(new ProcessChart(chart.key(), chart.command(), chart.times(), chart.rssKib(), chart.vsizeKib(),
                    String.format(java.util.Locale.ROOT, "%%MEM above %.0f", memThresholdPct)));
            else all.put(s.key(), chart);
            int n = s.size();
            if (n > 0 && s.times()[n - 1] == end && s.stateAt(n - 1) == ProcState.DISK_SLEEP) {
                int i = n - 1;
                while (i > 0 && s.stateAt(i - 1) == ProcState.DISK_SLEEP) i--;
                inDSince.put(s.key(), s.times()[i]);
            }
            for (int i = 0; i < n; i++) {
                if (s.stateAt(i) != ProcState.ZOMBIE) continue;
                Integer g = gridIndex.get(s.times()[i]);
                if (g != null) zombiesByParent.computeIfAbsent(s.ppid()[i], k -> new int[system.size()])[g]++;
                if (s.times()[i] >= end - ZOMBIE_HISTORY_MILLIS) {
                    sightings.add(new ZombieAnalysis.Sighting(s.times()[i], s.key(), s.ppid()[i], s.info().comm()));
                }
            }
        });
        LeakAnalysis.Result leakResult = leaks.finish();
        Set<ProcessKey> shown = new HashSet<>();
        for (ProcessChart c : kept) shown.add(c.key());
        for (LeakAnalysis.Finding f : leakResult.leaks()) {
            if (f.key() == null || shown.contains(f.key())) continue;
            ProcessChart c = all.get(f.key());
            if (c == null) continue;
            kept.add(new ProcessChart(c.key(), c.command(), c.times(), c.rssKib(), c.vsizeKib(), f.metric() + " leak"));
            shown.add(f.key());
        }
        for (Map.Entry<String, LeakAnalysis.GroupSeries> e : leakResult.leakingGroups().entrySet()) {
            LeakAnalysis.GroupSeries g = e.getValue();
            long[] rss = new long[g.times().length], vsz = new long[g.times().length];
            for (int i = 0; i < rss.length; i++) {
                rss[i] = Double.isNaN(g.rssKib()[i]) ? -1 : (long) g.rssKib()[i];
                vsz[i] = Double.isNaN(g.vsizeKib()[i]) ? -1 : (long) g.vsizeKib()[i];
            }
            String name = g.command() != null ? g.command() : g.unit();
            kept.add(new ProcessChart(null, "group of " + g.members() + ": " + name, g.times(), rss, vsz, "group leak",
                    Findings.groupChartId(e.getKey())));
        }
        MemoryVerdicts.Result memory = total > 0 ? MemoryVerdicts.judge(system, latest, memThresholdPct, Criteria.DEFAULT) : null;
        List<Long> times = new ArrayList<>();
        for (long t : system.times()) if (t >= end - ZOMBIE_HISTORY_MILLIS) times.add(t);
        long boot = latest.kernel().bootTimeSec() > 0 ? latest.kernel().bootTimeSec() * 1000 : -1;
        ZombieAnalysis.Report zombies = ZombieAnalysis.analyse(latest, boot, host.clockTicks(), times, sightings, owners.apply(latest));
        Map<Integer, List<LogTemplate>> evidence = zombies.groups().isEmpty() ? Map.of() : logs.apply(zombies.groups());
        StuckProcesses.Result stuck = StuckProcesses.find(latest, inDSince, p -> null);
        for (ProcessSample p : latest.processes()) parentNames.put(p.pid(), p.pid() + " " + p.info().comm());
        return new Diagnosis(host.name(), system.times()[0], end, system.size(), system, latest, kept, leakResult, memory, zombies,
                evidence, stuck, timeline(system, zombiesByParent, parentNames), dirs(store, host, from, to));
    }

    /** The watched directories of the host over [from, to], judged; largest first. */
    public static List<DirGrowth.Result> dirs(Store store, HostRow host, long from, long to) {
        List<DirGrowth.Result> out = new ArrayList<>();
        for (String path : store.watchedDirs(host.id())) {
            DirGrowth.Result r = DirGrowth.judge(store.dirSeries(host.id(), path, from, to));
            if (r != null) out.add(r);
        }
        out.sort(Comparator.comparingLong((DirGrowth.Result r) -> r.latest().bytes()).reversed());
        return out;
    }

    /** The leak verdicts alone of one host over [from, to], streamed from the store. */
    public static LeakAnalysis.Result leaks(Store store, HostRow host, long from, long to, Function<ProcessKey, MemoryLimits> limits) {
        LeakAnalysis a = new LeakAnalysis(Criteria.DEFAULT, store.systemSeries(host.id(), from, to), store.sharedBy(host.id(), from, to, false),
                store.sharedBy(host.id(), from, to, true), limits);
        store.memorySeries(host.id(), from, to, a::accept);
        return a.finish();
    }

    /** Top six parents by their peak, the rest summed as "other". */
    private static ZombieTimeline timeline(SystemSeries system, Map<Integer, int[]> byParent, Map<Integer, String> names) {
        List<Map.Entry<Integer, int[]>> entries = new ArrayList<>(byParent.entrySet());
        entries.sort(Comparator.comparingInt((Map.Entry<Integer, int[]> e) -> max(e.getValue())).reversed());
        List<String> parents = new ArrayList<>();
        List<int[]> counts = new ArrayList<>();
        int[] other = new int[system.size()];
        for (int k = 0; k < entries.size(); k++) {
            if (k < 6) {
                parents.add(names.getOrDefault(entries.get(k).getKey(), "pid " + entries.get(k).getKey()));
                counts.add(entries.get(k).getValue());
            } else {
                int[] c = entries.get(k).getValue();
                for (int i = 0; i < c.length; i++) other[i] += c[i];
            }
        }
        if (entries.size() > 6) {
            parents.add("other parents");
            counts.add(other);
        }
        return new ZombieTimeline(system.times(), parents, counts.toArray(new int[0][]));
    }

    private static int max(int[] a) {
        int m = 0;
        for (int v : a) m = Math.max(m, v);
        return m;
    }

    /** Min and max of each time bucket, in time order: peaks survive, a day stays 1,200 points. */
    static ProcessChart downsample(MemorySeries s, String why) {
        int n = s.size();
        if (n <= 2 * BUCKETS) {
            return new ProcessChart(s.key(), s.info().command(), s.times().clone(), s.rssKib().clone(), s.vsizeKib().clone(), why);
        }
        long t0 = s.times()[0], span = Math.max(1, s.times()[n - 1] - t0);
        long[] t = new long[2 * BUCKETS], rss = new long[2 * BUCKETS], vsz = new long[2 * BUCKETS];
        int k = 0, i = 0;
        for (int b = 0; b < BUCKETS && i < n; b++) {
            long bucketEnd = t0 + span * (b + 1) / BUCKETS;
            int lo = -1, hi = -1;
            for (; i < n && (s.times()[i] <= bucketEnd || b == BUCKETS - 1); i++) {
                if (lo < 0 || s.rssKib()[i] < s.rssKib()[lo]) lo = i;
                if (hi < 0 || s.rssKib()[i] > s.rssKib()[hi]) hi = i;
            }
            if (lo < 0) continue;
            int a = Math.min(lo, hi), c = Math.max(lo, hi);
            t[k] = s.times()[a]; rss[k] = s.rssKib()[a]; vsz[k] = s.vsizeKib()[a]; k++;
            if (c != a) {
                t[k] = s.times()[c]; rss[k] = s.rssKib()[c]; vsz[k] = s.vsizeKib()[c]; k++;
            }
        }
        return new ProcessChart(s.key(), s.info().command(), java.util.Arrays.copyOf(t, k), java.util.Arrays.copyOf(rss, k),
                java.util.Arrays.copyOf(vsz, k), why);
    }
}
