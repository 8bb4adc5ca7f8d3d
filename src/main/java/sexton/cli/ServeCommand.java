package sexton.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sexton.model.HostInfo;
import sexton.record.Recorder;
import sexton.record.Sampler;
import sexton.serve.AgentMetrics;
import sexton.store.Store;

/** Agent mode: records like {@code record} and serves the latest snapshot as Prometheus metrics. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Record this host into the store and serve its metrics to Prometheus at /metrics.",
                "Binds 127.0.0.1 unless --listen says otherwise; read-only, no remediation over HTTP. Metrics: sexton_memory_bytes{kind}, sexton_processes{state}, sexton_threads, sexton_pid_max, sexton_threads_max, sexton_forks_total, sexton_zombies{parent_pid,parent_comm,unit} (top 50 parents), sexton_group_resident_bytes{group,kind} (top --top-groups groups), and sexton's own costs. SIGTERM closes the store cleanly."})
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
        PrometheusRegistry registry = new PrometheusRegistry();
        AgentMetrics metrics = new AgentMetrics(registry, topGroups);
        try (Sampler sampler = Sampler.system(); Store store = Store.open(db != null ? db : Store.defaultPath())) {
            long hostId = store.host(new HostInfo(sampler.hostName(), sampler.constants().clockTicks(), sampler.constants().pageSize()));
            Recorder recorder = new Recorder(sampler, store, hostId, new Recorder.Plan(intervalMillis, 0, 0, retainMillis),
                    (snapshot, writeNanos, tally, st) -> metrics.publish(snapshot, writeNanos));
            Signals.onInterruptOrTerminate(recorder::stop);
            try (HTTPServer server = HTTPServer.builder().hostname(host).port(port).registry(registry).buildAndStart()) {
                System.err.println("serving http://" + host + ":" + server.getPort() + "/metrics");
                recorder.run();
            }
        }
        return Main.OK;
    }
}
