package sexton.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import picocli.CommandLine.Option;
import sexton.store.HostRow;
import sexton.store.Store;

/** {@code --db} and {@code --host}, shared by every command that reads or writes the store. */
final class StoreOptions {
    @Option(names = "--db", paramLabel = "PATH",
            description = "Store file (default: ~/.local/share/sexton/sexton.db).")
    Path db;

    @Option(names = "--host", paramLabel = "NAME",
            description = "Host to read from the store (default: this host, or the only one stored).")
    String host;

    Path path() {
        return db != null ? db : Store.defaultPath();
    }

    /** The host to read: the one named, else this host, else the only host in the store. */
    HostRow pickHost(Store store, String localName) {
        if (host != null) {
            return store.host(host).orElseThrow(() -> new UsageError("no host '" + host + "' in " + store.path()
                    + " (hosts: " + names(store.hosts()) + ")"));
        }
        List<HostRow> hosts = store.hosts();
        for (HostRow h : hosts) if (h.name().equals(localName)) return h;
        if (hosts.size() == 1) return hosts.get(0);
        if (hosts.isEmpty()) throw new UsageError(store.path() + " holds no history yet (run 'sexton record' first)");
        throw new UsageError("several hosts in " + store.path() + ": choose one with --host (" + names(hosts) + ")");
    }

    private static String names(List<HostRow> hosts) {
        return hosts.isEmpty() ? "none" : hosts.stream().map(HostRow::name).collect(Collectors.joining(", "));
    }
}
