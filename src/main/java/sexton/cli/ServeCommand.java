package sexton.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sexton.model.HostInfo;
import sexton.procfs.MemoryLimitsReader;
import sexton.record.Recorder;
import sexton.record.Sampler;
import sexton.remedy.ServiceOwners;
import sexton.report.Diagnosis;
import sexton.report.Finding;
import sexton.report.Findings;
import sexton.report.HtmlReport;
import sexton.serve.AgentMetrics;
import sexton.serve.Dashboard;
import sexton.store.HostRow;
import sexton.store.Store;

/** Agent mode: records like {@code record} and serves the latest snapshot as Prometheus metrics. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Record this host into the store and serve its metrics to Prometheus at /metrics.",
                "Binds 127.0.0.1 unless --listen says otherwise; read-only, no remediation over HTTP. Metrics: sexton_memory_bytes{kind}, sexton_processes{state}, sexton_threads, sexton_pid_max, sexton_threads_max, sexton_forks_total, sexton_zombies{parent_pid,parent_comm,unit} (top 50 parents), sexton_group_resident_bytes{group,kind} (top --top-groups groups), sexton_dir_bytes, _files, _fs_avail_bytes, _growth_bytes_per_second and _fs_full_timestamp_seconds{path} for --watch-dir directories, and sexton's own costs. SIGTERM closes the store cleanly."})
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9256",
            description = "Address to serve on (default: ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--interval", paramLabel = "D", defaultValue = "10s", converter = DurationConverter.class,
            description = "Time between samples (default: ${DEFAULT-VALUE}).")
    long intervalMillis;

    @Option(names = "--db", paramLabel = "PATH", description = "Store file (default: ~/.local/share/sexton/sexton.db).")
    Path db;

    @Option(names = "--top-groups", paramLabel = "N", defaultValue = "50", description = "Groups exported by memory (default: ${DEFAULT-VALUE}).")
    int topGroups;

    @Option(names = "--retain", paramLabel = "D", defaultValue = "14d", converter = DurationConverter.class,
            description = "Drop history older than this (default: ${DEFAULT-VALUE}).")
    long retainMillis;

    @picocli.CommandLine.Mixin
    DirWatchOptions watch = new DirWatchOptions();

    @Override
    public Integer call() throws Exception {
        int colon = listen.lastIndexOf(':');
        if (colon <= 0) throw new UsageError("--listen must be HOST:PORT, e.g. 127.0.0.1:9256");
        String host = listen.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(listen.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new UsageError("--listen port must be a number: " + listen);
        }
        if (port < 0 || port > 65535) throw new UsageError("--listen port must be 0 to 65535");
        if (intervalMillis < 100) throw new UsageError("--interval must be at least 100ms");
        if (topGroups < 1 || topGroups > 1000) throw new UsageError("--top-groups must be between 1 and 1000");
        sexton.record.DirWatch dirs = watch.dirWatch();
        PrometheusRegistry registry = new PrometheusRegistry();
        AgentMetrics metrics = new AgentMetrics(registry, topGroups);
        try (Sampler sampler = Sampler.system(); Store store = Store.open(db != null ? db : Store.defaultPath())) {
            long hostId = store.host(new HostInfo(sampler.hostName(), sampler.constants().clockTicks(), sampler.constants().pageSize()));
            Recorder recorder = new Recorder(sampler, store, hostId, new Recorder.Plan(intervalMillis, 0, 0, retainMillis),
                    (snapshot, writeNanos, tally, st) -> metrics.publish(snapshot, writeNanos), dirs);
            Signals.onInterruptOrTerminate(recorder::stop);
            Dashboard dashboard = new Dashboard(HtmlReport.dashboardPage((int) Math.max(1, intervalMillis / 1000)));
            Path path = db != null ? db : Store.defaultPath();
            String hostName = sampler.hostName();
            // the analyses run on their own thread, at most every 10 s: clients only ever get prepared bytes
            java.util.concurrent.ScheduledExecutorService analyst = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "sexton-analysis");
                t.setDaemon(true);
                return t;
            });
            analyst.scheduleWithFixedDelay(() -> analyse(path, hostName, dashboard, metrics), Math.max(intervalMillis, 2000),
                    Math.max(intervalMillis, 10_000), java.util.concurrent.TimeUnit.MILLISECONDS);
            try (HTTPServer server = HTTPServer.builder().hostname(host).port(port).registry(registry).defaultHandler(dashboard)
                    .buildAndStart()) {
                System.err.println("serving http://" + host + ":" + server.getPort() + "/ (dashboard), /metrics, /api/dashboard");
                recorder.run();
            } finally {
                analyst.shutdownNow();
            }
        }
        return Main.OK;
    }

    /** The last hour of this host, judged; findings to the dashboard and the metrics. Failures wait for the next round. */
    private static void analyse(Path path, String hostName, Dashboard dashboard, AgentMetrics metrics) {
        try (Store s = Store.openReadOnly(path)) {
            HostRow h = s.host(hostName).orElse(null);
            if (h == null || s.lastTime(h.id()).isEmpty()) return;
            long last = s.lastTime(h.id()).getAsLong();
            MemoryLimitsReader limits = MemoryLimitsReader.system();
            Diagnosis d = Diagnosis.gather(s, h, last - 3_600_000L, last, 10, limits::read, snap -> ServiceOwners.system(snap),
                    groups -> java.util.Map.of());
            List<Finding> findings = Findings.rank(d);
            dashboard.publish(HtmlReport.dashboardJson(d, findings));
            metrics.publishFindings(findings, d.leaks().leaks());
            metrics.publishDirs(d.dirs());
        } catch (RuntimeException | java.io.IOException e) {
            System.err.println("sexton serve: analysis skipped this round: " + Terminal.clean(String.valueOf(e.getMessage())));
        }
    }
}
