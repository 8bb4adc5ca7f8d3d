package sexton.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonGenerator;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sexton.model.HostInfo;
import sexton.model.ProcessStatus;
import sexton.model.Snapshot;
import sexton.procfs.ProcFs;
import sexton.procfs.StatusParser;
import sexton.record.Sampler;
import sexton.store.Store;
import sexton.store.StoreSizeSimulation;

/**
 * What sexton costs on this host: CPU and wall time of one snapshot and of one store write, and the
 * recorder's resident memory. Writes go to a temporary store that is deleted afterwards.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure what sexton costs on this host.",
                "Median and p90 CPU and wall time of one snapshot (reading /proc) and of one store write, the process count, and this JVM's RSS. With --store-sim: bytes on disk per process-sample for a simulated mostly idle host."})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--count", paramLabel = "N", defaultValue = "100", description = "Snapshots to measure (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "20", description = "Snapshots taken first and not measured (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--store-sim", description = "Instead, simulate --processes x --snapshots samples into a temporary store and report its size.")
    boolean storeSim;

    @Option(names = "--processes", paramLabel = "N", defaultValue = "1000", description = "Processes simulated with --store-sim (default: ${DEFAULT-VALUE}).")
    int processes;

    @Option(names = "--snapshots", paramLabel = "N", defaultValue = "8640", description = "Snapshots simulated with --store-sim (default: ${DEFAULT-VALUE}, a day at 10 s).")
    int snapshots;

    @Option(names = "--keep", paramLabel = "PATH", description = "With --store-sim: write the simulated store to PATH and keep it (for the leaks benchmark).")
    Path keep;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (count < 1) throw new UsageError("--count must be at least 1, not " + count);
        if (warmup < 0) throw new UsageError("--warmup must not be negative");
        if (storeSim && (processes < 1 || snapshots < 1)) throw new UsageError("--processes and --snapshots must be positive");
        Path dir = Files.createTempDirectory("sexton-bench");
        try {
            if (keep != null && Files.exists(keep)) throw new UsageError(keep + " exists: --keep writes a new store");
            return storeSim ? storeSimulation(keep != null ? keep : dir.resolve("sim.db")) : measure(dir.resolve("bench.db"));
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private int measure(Path dbFile) throws IOException {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double[] cpu = new double[count];
        double[] wall = new double[count];
        double[] write = new double[count];
        int procs = 0;
        // getProcessCpuTime ticks in 10 ms steps: per snapshot we use the reading thread's CPU time (ns);
        // the whole process's (GC, JIT, every thread) only as a mean over a phase of snapshots alone.
        java.lang.management.ThreadMXBean tm = ManagementFactory.getThreadMXBean();
        double processCpuMean;
        try (Sampler sampler = Sampler.system(); Store store = Store.open(dbFile)) {
            long host = store.host(new HostInfo(sampler.hostName(), sampler.constants().clockTicks(), sampler.constants().pageSize()));
            for (int i = 0; i < warmup; i++) store.write(host, sampler.take());
            long processCpu0 = os.getProcessCpuTime();
            for (int i = 0; i < count; i++) {
                long c0 = tm.getCurrentThreadCpuTime();
                long w0 = System.nanoTime();
                Snapshot s = sampler.take();
                wall[i] = (System.nanoTime() - w0) / 1e6;
                cpu[i] = (tm.getCurrentThreadCpuTime() - c0) / 1e6;
                procs = s.processes().size();
            }
            processCpuMean = (os.getProcessCpuTime() - processCpu0) / 1e6 / count;
            for (int i = 0; i < count; i++) { // then the writes alone, of fresh snapshots
                Snapshot s = sampler.take();
                long w0 = System.nanoTime();
                store.write(host, s);
                write[i] = (System.nanoTime() - w0) / 1e6;
            }
        }
        ProcFs fs = ProcFs.system();
        byte[] buf = new byte[8192];
        int n = fs.read(fs.rootString() + "/self/status", buf);
        ProcessStatus self = n > 0 ? StatusParser.parse(buf, n) : ProcessStatus.UNKNOWN;
        long rss = self.rssAnonKib() + self.rssFileKib() + self.rssShmemKib();
        PrintStream out = System.out;
        if (json) {
            JsonGenerator g = JsonOutput.to(out);
            g.writeStartObject();
            g.writeNumberField("processes", procs);
            g.writeNumberField("count", count);
            g.writeNumberField("snapshot_cpu_ms_median", r(pct(cpu, 50)));
            g.writeNumberField("snapshot_cpu_ms_p90", r(pct(cpu, 90)));
            g.writeNumberField("snapshot_process_cpu_ms_mean", r(processCpuMean));
            g.writeNumberField("snapshot_wall_ms_median", r(pct(wall, 50)));
            g.writeNumberField("snapshot_wall_ms_p90", r(pct(wall, 90)));
            g.writeNumberField("store_write_ms_median", r(pct(write, 50)));
            g.writeNumberField("store_write_ms_p90", r(pct(write, 90)));
            g.writeNumberField("rss_kib", rss);
            g.writeNumberField("rss_anon_kib", self.rssAnonKib());
            g.writeEndObject();
            JsonOutput.finish(g, out);
        } else {
            out.printf(Locale.ROOT, "%d snapshots of %d processes (after %d unmeasured)%n", count, procs, warmup);
            out.printf(Locale.ROOT, "%-26s %9s %9s%n", "", "median", "p90");
            out.printf(Locale.ROOT, "%-26s %9.3f %9.3f%n", "snapshot CPU (ms)", pct(cpu, 50), pct(cpu, 90));
            out.printf(Locale.ROOT, "%-26s %9.3f %9s%n", "  whole JVM, mean (ms)", processCpuMean, "");
            out.printf(Locale.ROOT, "%-26s %9.3f %9.3f%n", "snapshot wall (ms)", pct(wall, 50), pct(wall, 90));
            out.printf(Locale.ROOT, "%-26s %9.3f %9.3f%n", "store write wall (ms)", pct(write, 50), pct(write, 90));
            out.printf(Locale.ROOT, "resident memory: %s (private %s)%n", Terminal.human(rss), Terminal.human(self.rssAnonKib()));
        }
        return Main.OK;
    }

    private int storeSimulation(Path dbFile) throws IOException {
        double perSample = StoreSizeSimulation.run(dbFile, processes, snapshots, 42L);
        PrintStream out = System.out;
        if (json) {
            JsonGenerator g = JsonOutput.to(out);
            g.writeStartObject();
            g.writeNumberField("processes", processes);
            g.writeNumberField("snapshots", snapshots);
            g.writeNumberField("bytes_per_process_sample", r(perSample));
            g.writeEndObject();
            JsonOutput.finish(g, out);
        } else {
            out.printf(Locale.ROOT, "%d processes x %d snapshots: %.3f bytes on disk per process-sample%n",
                    processes, snapshots, perSample);
        }
        return Main.OK;
    }

    /** Nearest-rank percentile. */
    static double pct(double[] values, int p) {
        double[] v = values.clone();
        Arrays.sort(v);
        int rank = (int) Math.ceil(p / 100.0 * v.length);
        return v[Math.max(0, Math.min(v.length - 1, rank - 1))];
    }

    private static double r(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
