package sexton.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sexton.capture.CaptureImport;
import sexton.model.CpuTimes;
import sexton.model.HostInfo;
import sexton.model.KernelStats;
import sexton.model.LoadAverage;
import sexton.model.MemoryLimits;
import sexton.model.ProcState;
import sexton.model.ProcessInfo;
import sexton.model.ProcessKey;
import sexton.model.ProcessSample;
import sexton.model.ProcessStatus;
import sexton.model.Snapshot;
import sexton.model.SnapshotStats;
import sexton.model.SystemMemory;
import sexton.store.HostRow;
import sexton.store.Store;

/**
 * The labelled scenarios as a host's history, once recorded into the store and once as the HOWTO's
 * text capture through {@code sexton import}: every leak is found, on the right metric, and no
 * look-alike is flagged; a pool of workers that grows one flat worker at a time is caught as a group.
 */
class LeakScenarioStoreTest {
    @TempDir
    Path dir;

    private static final MemoryScenarios.Rate RATE = new MemoryScenarios.Rate(10_000, 2 * 3_600_000L, "10 s over 2 h");
    private static final int SEEDS = 2;
    private static final long TOTAL_KIB = 64L << 20;

    /** One process of the simulated host: its pid, command, and RSS and VSIZE at each snapshot index (NaN: absent). */
    private record Sim(int pid, String command, MemoryScenarios.Kind kind, String leakMetric, double[] rss, double[] vsize) {
    }

    private List<Sim> host(long[] grid) {
        List<Sim> sims = new ArrayList<>();
        int pid = 1000;
        for (MemoryScenarios.Kind kind : MemoryScenarios.Kind.values()) {
            for (int seed = 0; seed < SEEDS; seed++) {
                List<MemoryScenarios.Series> series = MemoryScenarios.generate(kind, RATE, seed);
                if (kind == MemoryScenarios.Kind.VSIZE_ONLY) { // growing VSIZE, flat RSS: one process
                    sims.add(new Sim(pid, "/opt/" + kind.name().toLowerCase(Locale.ROOT) + " --seed " + seed, kind, "vsize",
                            onGrid(grid, series.get(1)), onGrid(grid, series.get(0))));
                    pid++;
                    continue;
                }
                int shared = pid; // PID_REUSE_BIGGER: both programs at the same pid
                for (int k = 0; k < series.size(); k++) {
                    double[] rss = onGrid(grid, series.get(k));
                    double[] vsize = rss.clone();
                    for (int i = 0; i < vsize.length; i++) vsize[i] = Double.isNaN(rss[i]) ? Double.NaN : 3 * 1024 * 1024;
                    String cmd = "/opt/" + kind.name().toLowerCase(Locale.ROOT) + " --seed " + seed + (k > 0 ? " --bigger" : "");
                    sims.add(new Sim(kind == MemoryScenarios.Kind.PID_REUSE_BIGGER ? shared : pid + k, cmd, kind,
                            kind.leak ? "rss" : null, rss, vsize));
                }
                pid += series.size();
            }
        }
        // a pool that grows one flat 20 MiB worker every 10 minutes, each living 40 minutes
        for (int w = 0; w < 12; w++) {
            double[] rss = new double[grid.length];
            java.util.Arrays.fill(rss, Double.NaN);
            int start = w * 60, end = Math.min(grid.length, start + 240 + w * 60);
            for (int i = start; i < end; i++) rss[i] = 20 * 1024 + (i % 3) * 4;
            sims.add(new Sim(5000 + w, "php-fpm: pool www", null, null, rss, rss.clone()));
        }
        return sims;
    }

    private static double[] onGrid(long[] grid, MemoryScenarios.Series s) {
        double[] out = new double[grid.length];
        java.util.Arrays.fill(out, Double.NaN);
        Map<Long, Integer> at = new HashMap<>();
        for (int i = 0; i < grid.length; i++) at.put(grid[i], i);
        for (int i = 0; i < s.t().length; i++) {
            Integer g = at.get(s.t()[i]);
            if (g != null) out[g] = s.v()[i];
        }
        return out;
    }

    private static long[] grid() {
        List<MemoryScenarios.Series> one = MemoryScenarios.generate(MemoryScenarios.Kind.LINEAR, RATE, 0);
        return one.get(0).t();
    }

    private LeakAnalysis.Result analyse(Store store, String host) {
        HostRow h = store.host(host).orElseThrow();
        LeakAnalysis a = new LeakAnalysis(Criteria.DEFAULT, store.systemSeries(h.id(), 0, Long.MAX_VALUE),
                store.sharedBy(h.id(), 0, Long.MAX_VALUE, false), store.sharedBy(h.id(), 0, Long.MAX_VALUE, true),
                k -> MemoryLimits.NONE);
        store.memorySeries(h.id(), 0, Long.MAX_VALUE, a::accept);
        return a.finish();
    }

    private static void check(List<Sim> sims, LeakAnalysis.Result r, String via) {
        List<String> wrong = new ArrayList<>();
        for (Sim s : sims) {
            if (s.kind() == null) continue;
            List<LeakAnalysis.Finding> mine = r.findings().stream()
                    .filter(f -> f.kind() == LeakAnalysis.Kind.PROCESS && s.command().equals(f.command())).toList();
            boolean shortLived = s.kind() == MemoryScenarios.Kind.SHORT_LIVED;
            if (mine.isEmpty() && !shortLived) wrong.add(via + ": no finding for " + s.command());
            for (LeakAnalysis.Finding f : mine) {
                boolean shouldLeak = f.metric().equals(s.leakMetric());
                if (f.isLeak() != shouldLeak) {
                    wrong.add(via + ": " + s.command() + " " + f.metric() + " judged " + f.judgement().verdict().label()
                            + " (" + f.judgement().reason() + ")");
                }
                if (shortLived && f.judgement().verdict() != Verdict.INSUFFICIENT_DATA) wrong.add(via + ": short-lived judged " + f.judgement().verdict());
            }
        }
        assertThat(wrong).isEmpty();
        LeakAnalysis.Finding pool = r.findings().stream()
                .filter(f -> f.kind() == LeakAnalysis.Kind.GROUP && "php-fpm: pool www".equals(f.command()) && f.metric().equals("rss"))
                .findFirst().orElseThrow();
        assertThat(pool.judgement().verdict()).as(via + ": the growing pool, as a group").isEqualTo(Verdict.LEAK);
        assertThat(pool.members()).isEqualTo(12);
        assertThat(r.findings().stream().filter(f -> f.kind() == LeakAnalysis.Kind.PROCESS && "php-fpm: pool www".equals(f.command()))
                .noneMatch(LeakAnalysis.Finding::isLeak)).as("no single worker leaks").isTrue();
        // leaks come first, and each has a forecast against the host's headroom
        assertThat(r.findings().get(0).isLeak()).isTrue();
        assertThat(r.leaks()).allSatisfy(f -> {
            if (!f.metric().equals("vsize")) assertThat(f.exhaustionAtMillis()).isNotNull().isGreaterThan(r.toMillis());
        });
        assertThat(r.hostExhaustionAtMillis()).isNotNull();
    }

    @Test
    void recordedHistory() {
        long[] grid = grid();
        List<Sim> sims = host(grid);
        try (Store store = Store.open(dir.resolve("rec.db"))) {
            long host = store.host(new HostInfo("rec", 100, 4096));
            Map<Integer, Long> startOf = new HashMap<>();
            Map<Integer, String> cmdAt = new HashMap<>();
            long ticks = 1000;
            for (int i = 0; i < grid.length; i++) {
                List<ProcessSample> ps = new ArrayList<>();
                for (Sim s : sims) {
                    if (Double.isNaN(s.rss()[i])) continue;
                    if (!s.command().equals(cmdAt.get(s.pid())) || i > 0 && Double.isNaN(s.rss()[i - 1])) {
                        startOf.put(s.pid(), ticks++);
                        cmdAt.put(s.pid(), s.command());
                    }
                    ps.add(new ProcessSample(new ProcessKey(s.pid(), startOf.get(s.pid())), 1, s.pid(), s.pid(), 0, ProcState.SLEEPING,
                            0, 0, 1, (long) s.vsize()[i], (long) s.rss()[i], null, 0, 0, "app",
                            new ProcessInfo("app", s.command(), null, null), ProcessStatus.UNKNOWN));
                }
                ps.sort(java.util.Comparator.comparingInt(ProcessSample::pid));
                long used = 0;
                for (ProcessSample p : ps) used += p.rssKib();
                SystemMemory m = new SystemMemory(TOTAL_KIB, TOTAL_KIB - used - (2L << 20), TOTAL_KIB - used, 100_000, 2L << 20, 50_000,
                        10_000, 4L << 20, 4L << 20, 0);
                store.write(host, new Snapshot(grid[i], m, new KernelStats(CpuTimes.ZERO, 1_700_000_000L, 0, 1, 0), LoadAverage.ZERO,
                        32768, 100_000, ps, SnapshotStats.NONE));
            }
            check(sims, analyse(store, "rec"), "recorded");
        }
    }

    @Test
    void textCaptureThroughImport() throws IOException {
        long[] grid = grid();
        List<Sim> sims = host(grid);
        StringBuilder text = new StringBuilder();
        DateTimeFormatter date = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss 'UTC' yyyy", Locale.ROOT).withZone(ZoneOffset.UTC);
        for (int i = 0; i < grid.length; i++) {
            text.append(date.format(Instant.ofEpochMilli(grid[i]))).append('\n');
            long used = 0;
            for (Sim s : sims) if (!Double.isNaN(s.rss()[i])) used += (long) s.rss()[i];
            text.append("             total       used       free     shared    buffers     cached\n");
            text.append(String.format(Locale.ROOT, "Mem:  %12d %12d %12d %10d %10d %10d%n", TOTAL_KIB, used + (2L << 20),
                    TOTAL_KIB - used - (2L << 20), 10_000, 100_000, 2L << 20));
            text.append("Swap:       4194304          0    4194304\n");
            text.append("  PID  PPID   RSS    VSZ %CPU %MEM CMD\n");
            for (Sim s : sims) {
                if (Double.isNaN(s.rss()[i])) continue;
                text.append(String.format(Locale.ROOT, "%5d %5d %6d %7d %4.1f %4.1f %s%n", s.pid(), 1, (long) s.rss()[i],
                        (long) s.vsize()[i], 0.0, 100.0 * s.rss()[i] / TOTAL_KIB, s.command()));
            }
        }
        Path f = dir.resolve("scenarios.txt");
        Files.writeString(f, text);
        try (Store store = Store.open(dir.resolve("cap.db"))) {
            CaptureImport.run(store, CaptureImport.sources(List.of(f.toString()), System.in),
                    new CaptureImport.Options("cap", null, 10_000, false, ZoneOffset.UTC, 0), null);
            check(sims, analyse(store, "cap"), "imported");
        }
    }
}
