package sexton.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import sexton.model.HostInfo;
import sexton.model.ProcessInfo;
import sexton.model.ProcessKey;
import sexton.model.ProcessSample;
import sexton.model.Snapshot;

class StoreTest {
    @TempDir
    Path dir;

    private static final long T0 = 1_800_000_000_000L;

    /** Everything but the derived %CPU and %MEM, and the info that is kept as last seen. */
    private static void assertSameSample(ProcessSample got, ProcessSample want) {
        assertThat(got.key()).isEqualTo(want.key());
        assertThat(List.of(got.ppid(), got.pgrp(), got.session(), got.ttyNr(), got.numThreads()))
                .isEqualTo(List.of(want.ppid(), want.pgrp(), want.session(), want.ttyNr(), want.numThreads()));
        assertThat(got.state()).isEqualTo(want.state());
        assertThat(List.of(got.utimeTicks(), got.stimeTicks(), got.vsizeKib(), got.rssKib()))
                .isEqualTo(List.of(want.utimeTicks(), want.stimeTicks(), want.vsizeKib(), want.rssKib()));
        assertThat(got.wchan()).isEqualTo(want.wchan());
        assertThat(got.status()).isEqualTo(want.status());
        assertThat(got.user()).isEqualTo(want.user());
    }

    @Test
    void roundTripAcrossWindowClosesMergesAndPidReuse() {
        SyntheticHost host = new SyntheticHost(5, 60, T0);
        Map<Long, Snapshot> written = new HashMap<>();
        Map<ProcessKey, ProcessInfo> lastInfo = new HashMap<>();
        Map<ProcessKey, Integer> counts = new HashMap<>();
        try (Store store = Store.open(dir.resolve("rt.db"), 5, 12)) {
            long id = store.host(new HostInfo("synthetic", 100, 4096));
            for (int i = 0; i < 80; i++) {
                Snapshot s = host.next();
                store.write(id, s);
                written.put(s.timeMillis(), s);
                for (ProcessSample p : s.processes()) {
                    lastInfo.put(p.key(), p.info());
                    counts.merge(p.key(), 1, Integer::sum);
                }
                if (i == 41) store.flush();
            }
            // some still open, most in chunks (merged up to 12 samples, then new chunks)
            for (Snapshot want : written.values()) {
                Snapshot got = store.snapshotAt(id, want.timeMillis()).orElseThrow();
                assertThat(got.timeMillis()).isEqualTo(want.timeMillis());
                assertThat(got.memory()).isEqualTo(want.memory());
                assertThat(got.kernel()).isEqualTo(want.kernel());
                assertThat(got.load()).isEqualTo(want.load());
                assertThat(got.stats()).isEqualTo(want.stats());
                assertThat(got.processes()).hasSameSizeAs(want.processes());
                for (int k = 0; k < want.processes().size(); k++) {
                    ProcessSample g = got.processes().get(k);
                    assertSameSample(g, want.processes().get(k));
                    assertThat(g.info()).isEqualTo(lastInfo.get(g.key()));
                    assertThat(g.memPct()).isEqualTo(100.0 * g.rssKib() / want.memory().totalKib());
                }
            }
            // between two snapshots: the earlier one
            long mid = T0 + 10_000 * 7 + 5_000;
            assertThat(store.snapshotAt(id, mid).orElseThrow().timeMillis()).isEqualTo(T0 + 70_000);
            assertThat(store.snapshotAt(id, T0)).isEmpty();

            List<ProcessSeries> series = store.series(id, 0, Long.MAX_VALUE);
            assertThat(series).hasSize(counts.size());
            for (ProcessSeries s : series) {
                assertThat(s.samples()).hasSize(counts.get(s.key()));
                assertThat(s.times()).isSorted();
                assertThat(s.info()).isEqualTo(lastInfo.get(s.key()));
            }
            // reused pids are separate identities with separate histories
            Map<Integer, Integer> identitiesPerPid = new HashMap<>();
            for (ProcessSeries s : series) identitiesPerPid.merge(s.key().pid(), 1, Integer::sum);
            assertThat(identitiesPerPid.values()).anySatisfy(n -> assertThat(n).isGreaterThan(1));
            // %CPU from consecutive samples: ticks over the 10 s interval
            ProcessSeries busy = series.stream().filter(s -> s.samples().size() > 3).findFirst().orElseThrow();
            ProcessSample a = busy.samples().get(1);
            ProcessSample b = busy.samples().get(2);
            double want = 100.0 * (b.cpuTicks() - a.cpuTicks()) / 100 / ((busy.times()[2] - busy.times()[1]) / 1000.0);
            assertThat(b.cpuPct()).isEqualTo(want);
            assertThat(store.snapshotCount(id)).isEqualTo(80);
            assertThat(store.firstTime(id)).hasValue(T0 + 10_000);
            assertThat(store.lastTime(id)).hasValue(T0 + 800_000);
        }
    }

    @Test
    void reopeningContinuesIdentitiesAndLeftoverOpenRows() {
        Path db = dir.resolve("again.db");
        SyntheticHost host = new SyntheticHost(9, 20, T0);
        int written = 0;
        for (int run = 0; run < 3; run++) {
            try (Store store = Store.open(db, 4, 16)) {
                long id = store.host(new HostInfo("h", 100, 4096));
                for (int i = 0; i < 7; i++, written++) store.write(id, host.next());
            }
        }
        try (Store store = Store.openReadOnly(db)) {
            long id = store.hosts().get(0).id();
            assertThat(store.snapshotCount(id)).isEqualTo(written);
            for (ProcessSeries s : store.series(id, 0, Long.MAX_VALUE)) {
                // one identity per (pid, start): never two rows for a process that lived across restarts
                assertThat(s.times()).doesNotHaveDuplicates();
            }
            long identities = store.series(id, 0, Long.MAX_VALUE).stream().map(ProcessSeries::key).distinct().count();
            assertThat(identities).isEqualTo(store.series(id, 0, Long.MAX_VALUE).size());
        }
    }

    @Test
    void foreignAndNewerFilesAreRefusedAndLeftUntouched() throws Exception {
        Path other = dir.resolve("other.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE invoices(id INTEGER PRIMARY KEY, total REAL)");
            s.execute("INSERT INTO invoices VALUES (1, 9.5)");
        }
        byte[] before = Files.readAllBytes(other);
        long mtime = Files.getLastModifiedTime(other).toMillis();
        assertThatThrownBy(() -> Store.open(other)).isInstanceOf(StoreException.class)
                .hasMessageContaining("not a sexton store").hasMessageContaining("another program");
        assertThatThrownBy(() -> Store.openReadOnly(other)).isInstanceOf(StoreException.class).hasMessageContaining("not a sexton store");
        assertThat(Files.readAllBytes(other)).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(other).toMillis()).isEqualTo(mtime);
        assertThat(dir.resolve("other.sqlite-wal")).doesNotExist();
        assertThat(dir.resolve("other.sqlite-shm")).doesNotExist();

        Path newer = dir.resolve("newer.db");
        try (Store s = Store.open(newer)) {
            s.host(new HostInfo("x", 100, 4096));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + newer); Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version=999");
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        byte[] newerBytes = Files.readAllBytes(newer);
        assertThatThrownBy(() -> Store.open(newer)).isInstanceOf(StoreException.class)
                .hasMessageContaining("newer sexton").hasMessageContaining("999");
        assertThatThrownBy(() -> Store.openReadOnly(newer)).hasMessageContaining("newer sexton");
        assertThat(Files.readAllBytes(newer)).isEqualTo(newerBytes);

        Path text = dir.resolve("notes.db");
        Files.writeString(text, "not a database at all, but long enough to have a header ".repeat(4));
        assertThatThrownBy(() -> Store.open(text)).hasMessageContaining("not an SQLite database");
        assertThatThrownBy(() -> Store.openReadOnly(dir.resolve("absent.db"))).hasMessageContaining("no store at");
        assertThat(dir.resolve("absent.db")).doesNotExist();
        assertThatThrownBy(() -> Store.open(dir)).hasMessageContaining("is a directory");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aReaderSeesWholeSnapshotsWhileTheWriterWrites() throws Exception {
        Path db = dir.resolve("rw.db");
        Map<Long, Integer> sizes = new ConcurrentHashMap<>();
        AtomicReference<Throwable> writerError = new AtomicReference<>();
        long id;
        try (Store w = Store.open(db, 3, 9)) {
            id = w.host(new HostInfo("rw", 100, 4096));
        }
        Thread writer = new Thread(() -> {
            SyntheticHost host = new SyntheticHost(3, 300, T0);
            try (Store w = Store.open(db, 3, 9)) {
                for (int i = 0; i < 120; i++) {
                    Snapshot s = host.next();
                    sizes.put(s.timeMillis(), s.processes().size());
                    w.write(id, s);
                }
            } catch (Throwable t) {
                writerError.set(t);
            }
        });
        writer.start();
        int reads = 0;
        try (Store r = Store.openReadOnly(db)) {
            while (writer.isAlive() || reads < 5) {
                var snap = r.snapshotAt(id, Long.MAX_VALUE);
                if (snap.isPresent()) {
                    reads++;
                    assertThat(snap.get().processes()).hasSize(sizes.get(snap.get().timeMillis()));
                }
            }
        }
        writer.join();
        assertThat(writerError.get()).isNull();
        assertThat(reads).isGreaterThan(5);
    }

    @Test
    void retentionDropsOldHistoryAndOrphanedProcesses() {
        try (Store store = Store.open(dir.resolve("ret.db"), 5, 10)) {
            long id = store.host(new HostInfo("r", 100, 4096));
            SyntheticHost host = new SyntheticHost(4, 50, T0);
            for (int i = 0; i < 100; i++) store.write(id, host.next());
            long cutoff = T0 + 600_000;
            int before = store.series(id, 0, Long.MAX_VALUE).size();
            assertThat(store.prune(cutoff)).isPositive();
            assertThat(store.firstTime(id).getAsLong()).isGreaterThanOrEqualTo(cutoff);
            assertThat(store.snapshotAt(id, cutoff - 1)).isEmpty();
            List<ProcessSeries> after = store.series(id, 0, Long.MAX_VALUE);
            assertThat(after.size()).isLessThan(before);
            // whole chunks go: what is left ends after the cutoff
            for (ProcessSeries s : after) assertThat(s.times()[s.times().length - 1]).isGreaterThanOrEqualTo(cutoff);
            // still writable after pruning
            store.write(id, host.next());
            assertThat(store.lastTime(id)).hasValue(T0 + 1_010_000);
        }
    }

    @Test
    void aMostlyIdleHostCostsFewBytesPerSample() {
        double perSample = StoreSizeSimulation.run(dir.resolve("size.db"), 200, 1440, 1);
        System.out.printf("store size: %.3f bytes per process-sample (200 processes, 4 h at 10 s)%n", perSample);
        assertThat(perSample).isLessThan(6.0);
    }

    static List<Long> times(List<Snapshot> snaps) {
        List<Long> out = new ArrayList<>();
        for (Snapshot s : snaps) out.add(s.timeMillis());
        return out;
    }
}
