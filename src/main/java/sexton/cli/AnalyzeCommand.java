package sexton.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sexton.capture.PrometheusHistory;
import sexton.model.MemoryLimits;
import sexton.model.ServiceOwner;
import sexton.report.Diagnosis;
import sexton.report.Finding;
import sexton.report.Findings;
import sexton.report.HtmlReport;
import sexton.store.HostRow;
import sexton.store.Store;

/** One host's diagnosis from the fleet's Prometheus: its history pulled into a temporary store and judged. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {"Diagnose a host from its history in Prometheus (the metrics of sexton serve).",
                "Pulls the host's series with query_range into a temporary store and runs the same analyses as doctor: zombie parents and their birth rate, memory groups that leak, the memory rules. Prometheus keeps aggregates, not processes: each memory group is judged as one process.",
                "Exit 0 when healthy, 1 when something needs attention, 2 on bad input."})
final class AnalyzeCommand implements Callable<Integer> {
    @Option(names = "--prometheus", paramLabel = "URL", required = true, description = "Prometheus base URL, e.g. http://127.0.0.1:9090.")
    String url;

    @Option(names = "--instance", paramLabel = "HOST", required = true, description = "The instance label of the host's sexton serve.")
    String instance;

    @Option(names = "--since", paramLabel = "D", defaultValue = "6h", converter = DurationConverter.class,
            description = "How much history to pull (default: ${DEFAULT-VALUE}).")
    long sinceMillis;

    @Option(names = "--step", paramLabel = "S", defaultValue = "0", description = "Seconds between points (default: the window / 1,000, at least 1).")
    int step;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Also write the HTML report.")
    Path output;

    @Option(names = "--json", description = "Print the findings as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (!url.startsWith("http://") && !url.startsWith("https://")) throw new UsageError("--prometheus must be an http(s) URL");
        long to = System.currentTimeMillis();
        long from = to - sinceMillis;
        int s = step > 0 ? step : (int) Math.max(1, sinceMillis / 1000 / 1000);
        Path tmp = Files.createTempDirectory("sexton-analyze");
        try {
            Path db = tmp.resolve("prometheus.db");
            int samples;
            try (Store store = Store.open(db)) {
                try {
                    samples = PrometheusHistory.load(url, instance, from, to, s, store);
                } catch (java.net.ConnectException e) {
                    throw new UsageError("cannot reach Prometheus at " + url);
                }
            }
            Diagnosis d;
            try (Store store = Store.openReadOnly(db)) {
                HostRow host = store.host(instance).orElseThrow();
                d = Diagnosis.gather(store, host, from, to, 10, k -> MemoryLimits.NONE, snap -> p -> {
                    String unit = p.info().unit();
                    return unit != null && unit.endsWith(".service")
                            ? new ServiceOwner(ServiceOwner.Kind.SYSTEMD, unit, null, List.of("systemctl", "restart", unit), List.of())
                            : ServiceOwner.none(List.of());
                }, groups -> java.util.Map.of());
            }
            List<Finding> findings = Findings.rank(d);
            if (output != null) HtmlReport.write(d, findings, Main.version(), output);
            if (json) {
                var g = JsonOutput.to(System.out);
                g.writeStartObject();
                g.writeStringField("instance", instance);
                g.writeNumberField("samples", samples);
                Findings.writeJson(g, findings);
                g.writeEndObject();
                JsonOutput.finish(g, System.out);
            } else {
                System.out.printf(Locale.ROOT, "%s: %,d points from %s%n", Terminal.clean(instance), samples, url);
                DoctorCommand.printFindings(System.out, findings, "fix (on " + Terminal.clean(instance) + ")");
            }
            return findings.isEmpty() ? Main.OK : Main.FINDINGS;
        } finally {
            try (var files = Files.walk(tmp)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
