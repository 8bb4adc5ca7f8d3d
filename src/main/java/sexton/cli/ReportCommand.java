package sexton.cli;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sexton.model.MemoryLimits;
import sexton.procfs.MemoryLimitsReader;
import sexton.record.Sampler;
import sexton.remedy.ServiceOwners;
import sexton.report.Diagnosis;
import sexton.report.Finding;
import sexton.report.Findings;
import sexton.report.HtmlReport;
import sexton.report.PngCharts;
import sexton.store.HostRow;
import sexton.store.Store;

/** The HTML report (and PNG charts) of a host's recorded or imported history. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write a self-contained HTML report of a host's history: findings first, then interactive charts.",
                "System memory; RSS and VSIZE of every process above --mem-threshold %%MEM and of every leak; zombies by parent; processes in D state; forks per second. Opens offline (the chart library is inlined). --png DIR writes the same charts as PNG files.",
                "Exit 0 when the report is written (see sexton doctor for a verdict), 2 on bad input."})
final class ReportCommand implements Callable<Integer> {
    @Mixin
    StoreOptions store;

    @Mixin
    PrometheusSource prometheus;

    @Mixin
    WindowOptions window;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Report file (default: sexton-report-HOST.html).")
    Path output;

    @Option(names = "--png", paramLabel = "DIR", description = "Also write the charts as PNG files into DIR.")
    Path pngDir;

    @Option(names = "--mem-threshold", paramLabel = "PCT", defaultValue = "10",
            description = "Chart processes above this %%MEM (default: ${DEFAULT-VALUE}, the HOWTO's).")
    double memThreshold;

    @Override
    public Integer call() throws Exception {
        if (prometheus.given()) prometheus.applyTo(store);
        if (memThreshold < 0 || memThreshold > 100) throw new UsageError("--mem-threshold must be between 0 and 100");
        Diagnosis d;
        try (Store s = Store.openReadOnly(store.path())) {
            HostRow host = store.pickHost(s, Sampler.system().hostName());
            long[] w = window.window(s, host);
            d = diagnose(s, host, w[0], w[1], memThreshold);
        }
        Path out = output != null ? output : Path.of("sexton-report-" + d.host().replaceAll("[^A-Za-z0-9._-]", "_") + ".html");
        List<Finding> findings = Findings.rank(d);
        HtmlReport.write(d, findings, Main.version(), out);
        System.out.printf(Locale.ROOT, "report: %s (%d findings, %,d samples of %s)%n", out.toAbsolutePath(), findings.size(), d.samples(),
                Terminal.clean(d.host()));
        if (pngDir != null) {
            List<Path> files = PngCharts.write(d, pngDir);
            System.out.printf(Locale.ROOT, "charts: %d PNG files in %s%n", files.size(), pngDir.toAbsolutePath());
        }
        return Main.OK;
    }

    /** Everything about one host: process limits and logs only when the host is this machine. */
    static Diagnosis diagnose(Store s, HostRow host, long from, long to, double memThreshold) {
        boolean here = host.name().equals(Sampler.system().hostName());
        MemoryLimitsReader limits = here ? MemoryLimitsReader.system() : null;
        return Diagnosis.gather(s, host, from, to, memThreshold, key -> limits == null ? MemoryLimits.NONE : limits.read(key),
                snap -> ServiceOwners.system(snap),
                groups -> here ? LogEvidence.forGroups(groups, s.snapshotAt(host.id(), to).orElseThrow(), List.of(), ZoneId.systemDefault())
                        : java.util.Map.of());
    }
}
