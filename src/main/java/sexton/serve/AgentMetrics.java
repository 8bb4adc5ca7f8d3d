package sexton.serve;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import sexton.model.ProcessSample;
import sexton.model.Snapshot;
import sexton.model.SystemMemory;

/**
 * The metrics of the latest snapshot, computed when Prometheus scrapes (callbacks), so a scrape never
 * waits for sampling and sampling never waits for a scrape: the sampler only swaps one reference.
 * Label sets are bounded whatever the host does: zombies for the top {@link #TOP_PARENTS} parents,
 * memory for the top {@code topGroups} groups (unit, else command) by RSS.
 */
public final class AgentMetrics {
    static final int TOP_PARENTS = 50;

    private final int topGroups;
    private volatile Snapshot latest;
    private volatile long lastCostNanos;

    public AgentMetrics(PrometheusRegistry registry, int topGroups) {
        this.topGroups = topGroups;
        GaugeWithCallback.builder().name("sexton_memory_bytes").help("System memory from /proc/meminfo, by kind")
                .labelNames("kind").callback(cb -> {
                    Snapshot s = latest;
                    if (s == null || s.memory().totalKib() < 0) return;
                    SystemMemory m = s.memory();
                    cb.call(m.totalKib() * 1024.0, "total");
                    cb.call(m.freeKib() * 1024.0, "free");
                    cb.call(m.availableOrEstimateKib() * 1024.0, "available");
                    cb.call(Math.max(0, m.buffersKib()) * 1024.0, "buffers");
                    cb.call(Math.max(0, m.cachedKib()) * 1024.0, "cached");
                    cb.call(Math.max(0, m.shmemKib()) * 1024.0, "shmem");
                    cb.call(Math.max(0, m.swapTotalKib()) * 1024.0, "swap_total");
                    cb.call(Math.max(0, m.swapFreeKib()) * 1024.0, "swap_free");
                }).register(registry);
        GaugeWithCallback.builder().name("sexton_processes").help("Processes, by state letter").labelNames("state").callback(cb -> {
            Snapshot s = latest;
            if (s == null) return;
            Map<Character, Integer> byState = new HashMap<>();
            for (ProcessSample p : s.processes()) byState.merge(p.state().code(), 1, Integer::sum);
            byState.forEach((k, v) -> cb.call(v, String.valueOf(k)));
        }).register(registry);
        GaugeWithCallback.builder().name("sexton_threads").help("Threads of all processes").callback(cb -> {
            Snapshot s = latest;
            if (s == null) return;
            long n = 0;
            for (ProcessSample p : s.processes()) n += Math.max(1, p.numThreads());
            cb.call(n);
        }).register(registry);
        GaugeWithCallback.builder().name("sexton_pid_max").help("/proc/sys/kernel/pid_max").callback(cb -> {
            Snapshot s = latest;
            if (s != null && s.pidMax() > 0) cb.call(s.pidMax());
        }).register(registry);
        GaugeWithCallback.builder().name("sexton_threads_max").help("/proc/sys/kernel/threads-max").callback(cb -> {
            Snapshot s = latest;
            if (s != null && s.threadsMax() > 0) cb.call(s.threadsMax());
        }).register(registry);
        CounterWithCallback.builder().name("sexton_forks").help("Processes created since boot (/proc/stat processes)").callback(cb -> {
            Snapshot s = latest;
            if (s != null) cb.call(s.kernel().forks());
        }).register(registry);
        GaugeWithCallback.builder().name("sexton_zombies").help("Zombie processes by parent (top " + TOP_PARENTS + " parents)")
                .labelNames("parent_pid", "parent_comm", "unit").callback(cb -> {
                    Snapshot s = latest;
                    if (s == null) return;
                    Map<Integer, ProcessSample> byPid = new HashMap<>();
                    Map<Integer, Integer> zombies = new HashMap<>();
                    for (ProcessSample p : s.processes()) {
                        byPid.put(p.pid(), p);
                        if (p.isZombie()) zombies.merge(p.ppid(), 1, Integer::sum);
                    }
                    List<Map.Entry<Integer, Integer>> top = new ArrayList<>(zombies.entrySet());
                    top.sort(Map.Entry.<Integer, Integer>comparingByValue().reversed());
                    for (Map.Entry<Integer, Integer> e : top.subList(0, Math.min(TOP_PARENTS, top.size()))) {
                        ProcessSample parent = byPid.get(e.getKey());
                        String comm = parent == null ? "" : parent.info().comm();
                        String unit = parent == null ? "" : parent.info().unit() != null ? parent.info().unit()
                                : parent.info().container() != null ? parent.info().container() : "";
                        cb.call(e.getValue(), Integer.toString(e.getKey()), comm, unit);
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("sexton_group_resident_bytes")
                .help("RSS summed per group of processes: a systemd unit or container, else a command line (top groups by RSS)")
                .labelNames("group", "kind").callback(cb -> {
                    Snapshot s = latest;
                    if (s == null) return;
                    Map<String, long[]> groups = new HashMap<>();
                    for (ProcessSample p : s.processes()) {
                        if (p.rssKib() <= 0) continue;
                        String unit = p.info().container() != null ? p.info().container() : p.info().unit();
                        String key = unit != null ? "unit\0" + unit : "command\0" + p.info().comm();
                        groups.computeIfAbsent(key, k -> new long[1])[0] += p.rssKib();
                    }
                    groups.entrySet().stream().sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[0]).reversed())
                            .limit(this.topGroups).forEach(e -> {
                                String[] k = e.getKey().split("\0", 2);
                                cb.call(e.getValue()[0] * 1024.0, k[1], k[0]);
                            });
                }).register(registry);
        GaugeWithCallback.builder().name("sexton_snapshot_seconds").help("Wall time of sexton's last snapshot of /proc").callback(cb -> {
            Snapshot s = latest;
            if (s != null) cb.call(s.stats().wallNanos() / 1e9);
        }).register(registry);
        GaugeWithCallback.builder().name("sexton_store_write_seconds").help("Wall time of sexton's last store write").callback(cb -> {
            if (latest != null) cb.call(lastCostNanos / 1e9);
        }).register(registry);
        GaugeWithCallback.builder().name("sexton_leak_slope_bytes_per_second")
                .help("Growth of what sexton judges a leak (lower envelope, Theil-Sen), top " + TOP_LEAKS)
                .labelNames("kind", "pid", "command", "unit", "metric").callback(cb -> {
                    for (sexton.analysis.LeakAnalysis.Finding f : leaks) {
                        cb.call(f.judgement().slopePerHour() * 1024 / 3600, f.kind().label(), f.key() == null ? "" : Integer.toString(f.key().pid()),
                                f.command() == null ? "" : cut(f.command()), f.unit() == null ? "" : f.unit(), f.metric());
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("sexton_finding").help("Open findings by kind and severity").labelNames("kind", "severity")
                .callback(cb -> {
                    Map<String, Integer> counts = new HashMap<>();
                    for (sexton.report.Finding f : findings) counts.merge(f.kind() + "\0" + f.severity().label(), 1, Integer::sum);
                    counts.forEach((k, v) -> {
                        String[] p = k.split("\0", 2);
                        cb.call(v, p[0], p[1]);
                    });
                }).register(registry);
        GaugeWithCallback.builder().name("sexton_dir_bytes").help("Apparent bytes of a watched directory tree at its last walk")
                .labelNames("path").callback(cb -> {
                    for (sexton.analysis.DirGrowth.Result r : dirs) cb.call(r.latest().bytes(), r.path());
                }).register(registry);
        GaugeWithCallback.builder().name("sexton_dir_files").help("Regular files in a watched directory tree at its last walk")
                .labelNames("path").callback(cb -> {
                    for (sexton.analysis.DirGrowth.Result r : dirs) cb.call(r.latest().files(), r.path());
                }).register(registry);
        GaugeWithCallback.builder().name("sexton_dir_fs_avail_bytes").help("Free bytes (statvfs, unprivileged) of a watched directory's file system")
                .labelNames("path").callback(cb -> {
                    for (sexton.analysis.DirGrowth.Result r : dirs) cb.call(r.latest().fsAvailBytes(), r.path());
                }).register(registry);
        GaugeWithCallback.builder().name("sexton_dir_growth_bytes_per_second")
                .help("Growth of a watched directory (lower envelope, Theil-Sen over the last hour); absent without enough walks")
                .labelNames("path").callback(cb -> {
                    for (sexton.analysis.DirGrowth.Result r : dirs) if (r.bytesPerHour() != null) cb.call(r.bytesPerHour() / 3600, r.path());
                }).register(registry);
        GaugeWithCallback.builder().name("sexton_dir_fs_full_timestamp_seconds")
                .help("When a growing watched directory fills its file system at its rate (Unix time); absent unless it grows")
                .labelNames("path").callback(cb -> {
                    for (sexton.analysis.DirGrowth.Result r : dirs) if (r.fsFullAtMillis() != null) cb.call(r.fsFullAtMillis() / 1000.0, r.path());
                }).register(registry);
        GaugeWithCallback.builder().name("sexton_agent_resident_bytes").help("sexton's own resident memory").callback(cb -> {
            long kib = selfRssKib();
            if (kib > 0) cb.call(kib * 1024.0);
        }).register(registry);
    }

    private volatile java.util.List<sexton.report.Finding> findings = java.util.List.of();
    private volatile java.util.List<sexton.analysis.LeakAnalysis.Finding> leaks = java.util.List.of();
    private volatile java.util.List<sexton.analysis.DirGrowth.Result> dirs = java.util.List.of();

    /** Publishes the watched directories as last judged. */
    public void publishDirs(java.util.List<sexton.analysis.DirGrowth.Result> judged) {
        dirs = java.util.List.copyOf(judged);
    }

    /** Publishes the analysis thread's latest findings (leaks as slopes, all findings as counts). */
    public void publishFindings(java.util.List<sexton.report.Finding> all, java.util.List<sexton.analysis.LeakAnalysis.Finding> leaking) {
        findings = java.util.List.copyOf(all);
        leaks = java.util.List.copyOf(leaking.subList(0, Math.min(TOP_LEAKS, leaking.size())));
    }

    static final int TOP_LEAKS = 20;

    /** Publishes a new snapshot: the sampler's only work for the metrics. */
    public void publish(Snapshot s, long writeNanos) {
        latest = s;
        lastCostNanos = writeNanos;
    }

    private static String cut(String s) {
        return s.length() > 120 ? s.substring(0, 119) + "+" : s;
    }

    private static long selfRssKib() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (java.io.IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
