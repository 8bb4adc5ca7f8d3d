package sexton.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import picocli.CommandLine.Option;
import sexton.capture.PrometheusHistory;
import sexton.store.Store;

/**
 * {@code --prometheus URL --instance HOST [--prometheus-since D]}: read a host's history out of Prometheus
 * instead of the store. It is pulled into a temporary store, deleted when the JVM exits, that the
 * command then reads as usual.
 */
final class PrometheusSource {
    @Option(names = "--prometheus", paramLabel = "URL", description = "Read the host's history from Prometheus (with --instance).")
    String url;

    @Option(names = "--instance", paramLabel = "HOST", description = "The instance label of the host in Prometheus.")
    String instance;

    @Option(names = "--prometheus-since", paramLabel = "D", defaultValue = "6h", converter = DurationConverter.class,
            description = "History to pull from Prometheus (default: ${DEFAULT-VALUE}).")
    long sinceMillis;

    boolean given() {
        return url != null || instance != null;
    }

    /** Pulls the history into a temporary store and points {@code store} at it. */
    void applyTo(StoreOptions store) throws Exception {
        if (url == null || instance == null) throw new UsageError("--prometheus and --instance go together");
        if (store.db != null || store.host != null) throw new UsageError("--prometheus replaces --db and --host");
        Path dir = Files.createTempDirectory("sexton-prometheus");
        dir.toFile().deleteOnExit();
        Path db = dir.resolve("history.db");
        long to = System.currentTimeMillis();
        try (Store s = Store.open(db)) {
            PrometheusHistory.load(url, instance, to - sinceMillis, to, (int) Math.max(1, sinceMillis / 1000 / 1000), s);
        } catch (java.net.ConnectException e) {
            throw new UsageError("cannot reach Prometheus at " + url);
        }
        for (String f : new String[] {"history.db", "history.db-wal", "history.db-shm"}) dir.resolve(f).toFile().deleteOnExit();
        store.db = db;
        store.host = instance;
    }
}
