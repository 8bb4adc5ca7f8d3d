package sexton.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sexton.model.DirSample;
import sexton.model.HostInfo;

/** Walks of watched directories: written, read back by path and window, pruned, and absent from old stores. */
class DirSampleStoreTest {
    @TempDir
    Path dir;

    private static DirSample walk(String path, long t, long bytes, Map<String, DirSample.Usage> children) {
        return new DirSample(path, t, bytes, bytes + 8192, 3, t - 60_000, t - 1000, 1L << 40, 1L << 39, 1, 2,
                Map.of("root", new DirSample.Usage(bytes - 10, 2), "smmsp", new DirSample.Usage(10, 1)), children);
    }

    @Test
    void walksRoundTripByPathAndWindowWithAwkwardNames() {
        Path db = dir.resolve("d.db");
        // names anyone can create in /tmp: tabs, newlines, backslashes, non-ASCII
        Map<String, DirSample.Usage> odd = Map.of("a\tb", new DirSample.Usage(5, 1), "line\nbreak", new DirSample.Usage(6, 2),
                "back\\slash\\n", new DirSample.Usage(7, 3), "ünï", new DirSample.Usage(8, 4), "", new DirSample.Usage(9, 5));
        try (Store s = Store.open(db)) {
            long h = s.host(new HostInfo("h", 100, 4096));
            s.writeDirSample(h, walk("/var/spool/mqueue", 1000, 500, odd));
            s.writeDirSample(h, walk("/var/spool/mqueue", 2000, 700, Map.of()));
            s.writeDirSample(h, walk("/var/log", 1500, 900, Map.of()));
        }
        try (Store s = Store.openReadOnly(db)) {
            long h = s.host("h").orElseThrow().id();
            assertThat(s.watchedDirs(h)).containsExactly("/var/log", "/var/spool/mqueue");
            List<DirSample> q = s.dirSeries(h, "/var/spool/mqueue", 0, Long.MAX_VALUE);
            assertThat(q).extracting(DirSample::timeMillis).containsExactly(1000L, 2000L);
            assertThat(q.get(0)).isEqualTo(walk("/var/spool/mqueue", 1000, 500, odd));
            assertThat(q.get(0).children()).containsEntry("line\nbreak", new DirSample.Usage(6, 2))
                    .containsEntry("back\\slash\\n", new DirSample.Usage(7, 3)).containsEntry("a\tb", new DirSample.Usage(5, 1));
            assertThat(s.dirSeries(h, "/var/spool/mqueue", 1500, 2500)).extracting(DirSample::bytes).containsExactly(700L);
            assertThat(s.dirSeries(h, "/nowhere", 0, Long.MAX_VALUE)).isEmpty();
        }
    }

    @Test
    void retentionDropsOldWalks() {
        Path db = dir.resolve("p.db");
        try (Store s = Store.open(db)) {
            long h = s.host(new HostInfo("h", 100, 4096));
            for (long t = 1000; t <= 5000; t += 1000) s.writeDirSample(h, walk("/tmp", t, t, Map.of()));
            s.prune(3000);
            assertThat(s.dirSeries(h, "/tmp", 0, Long.MAX_VALUE)).extracting(DirSample::timeMillis).containsExactly(3000L, 4000L, 5000L);
        }
    }

    @Test
    void aStoreOfTheSchemaBeforeWatchedDirectoriesReadsAsNoneAndMigratesOnWrite() throws Exception {
        Path db = dir.resolve("old.db");
        try (Store s = Store.open(db)) {
            s.host(new HostInfo("h", 100, 4096));
        }
        // what a schema-2 store looks like: no dir_sample table, user_version 2
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("DROP TABLE dir_sample");
            st.execute("PRAGMA user_version=2");
            st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        try (Store s = Store.openReadOnly(db)) {
            long h = s.host("h").orElseThrow().id();
            assertThat(s.watchedDirs(h)).isEmpty();
            assertThat(s.dirSeries(h, "/tmp", 0, Long.MAX_VALUE)).isEmpty();
        }
        try (Store s = Store.open(db)) {
            long h = s.host("h").orElseThrow().id();
            s.writeDirSample(h, walk("/tmp", 1000, 1, Map.of()));
            assertThat(s.watchedDirs(h)).containsExactly("/tmp");
        }
    }
}
