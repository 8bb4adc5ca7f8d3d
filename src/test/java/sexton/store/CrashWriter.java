package sexton.store;

import java.nio.file.Path;

import sexton.model.HostInfo;
import sexton.model.Snapshot;

/**
 * Test-only child process: writes synthetic 1,000-process snapshots into a store as fast as it can,
 * continuing after the store's last snapshot, and prints {@code committed <t>} after each write returns.
 * A small window makes window closes (the biggest transactions) frequent, so kills land in them too.
 */
public final class CrashWriter {
    public static void main(String[] args) {
        Path db = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        try (Store store = Store.open(db, 4, 40)) {
            long id = store.host(new HostInfo("crash", 100, 4096));
            long start = store.lastTime(id).orElse(1_800_000_000_000L);
            SyntheticHost host = new SyntheticHost(seed, 1000, start);
            while (true) {
                Snapshot s = host.next();
                store.write(id, s);
                System.out.println("committed " + s.timeMillis());
                System.out.flush();
            }
        }
    }
}
