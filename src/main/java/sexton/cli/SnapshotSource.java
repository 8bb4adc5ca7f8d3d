package sexton.cli;

import java.io.IOException;

import sexton.model.Snapshot;
import sexton.record.Sampler;
import sexton.store.HostRow;
import sexton.store.Store;

/** Where {@code ps} and {@code free} get their snapshot: the live host, or the store at a time. */
final class SnapshotSource {
    private SnapshotSource() {}

    /**
     * A snapshot read now from /proc, or the latest stored one at or before {@code atMillis}; with
     * {@code --db} or {@code --host} and no time, the latest stored one.
     */
    static Snapshot get(StoreOptions store, Long atMillis) throws IOException {
        if (atMillis == null && (store.db != null || store.host != null)) atMillis = Long.MAX_VALUE;
        if (atMillis == null) {
            try (Sampler sampler = Sampler.system()) {
                return sampler.take();
            }
        }
        try (Store s = Store.openReadOnly(store.path())) {
            HostRow host = store.pickHost(s, Sampler.system().hostName());
            long at = atMillis;
            return s.snapshotAt(host.id(), at).orElseThrow(() -> new UsageError("no snapshot of "
                    + host.name() + " at or before " + JsonOutput.iso(at)
                    + s.firstTime(host.id()).stream().mapToObj(t -> " (history starts " + JsonOutput.iso(t) + ")")
                            .findFirst().orElse("")));
        }
    }
}
