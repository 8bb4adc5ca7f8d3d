package sexton.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a writing recorder at random moments, 20 times on the same file: the store must open, pass
 * integrity_check and hold every snapshot whose commit returned, whole.
 */
class CrashSafetyTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void killNineNeverCorruptsOrLosesACommittedSnapshot() throws Exception {
        Path db = dir.resolve("crash.db");
        Random random = new Random(2026);
        List<Long> committed = new ArrayList<>();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int run = 0; run < 20; run++) {
            Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    CrashWriter.class.getName(), db.toString(), Integer.toString(run))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            List<Long> thisRun = new ArrayList<>();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                String first = out.readLine();
                assertThat(first).as("run %d committed something", run).startsWith("committed ");
                thisRun.add(Long.parseLong(first.substring(10)));
                long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50 + random.nextInt(1450));
                // read lines until the kill moment; the child may block on a full pipe otherwise
                Thread reader = new Thread(() -> {
                    try {
                        String line;
                        while ((line = out.readLine()) != null) {
                            synchronized (thisRun) {
                                thisRun.add(Long.parseLong(line.substring(10)));
                            }
                        }
                    } catch (Exception ignored) {
                        // the pipe breaks when the child is killed
                    }
                });
                reader.start();
                long wait = killAt - System.nanoTime();
                if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
                child.destroyForcibly(); // SIGKILL, whatever it is doing
                assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
                reader.join(5000);
            } finally {
                child.destroyForcibly();
            }
            synchronized (thisRun) {
                committed.addAll(thisRun);
            }
            check(db, committed, run);
        }
        System.out.printf("crash test: 20 kills, %d committed snapshots all present%n", committed.size());
    }

    private static void check(Path db, List<Long> committed, int run) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).as("integrity after kill %d", run).isEqualTo("ok");
            }
        }
        try (Store store = Store.openReadOnly(db)) {
            long id = store.host("crash").orElseThrow().id();
            assertThat(store.snapshotCount(id)).isGreaterThanOrEqualTo(committed.size());
            // the last committed snapshot is whole: every process of it is there
            long last = committed.get(committed.size() - 1);
            var snap = store.snapshotAt(id, last).orElseThrow();
            assertThat(snap.timeMillis()).isEqualTo(last);
            assertThat(snap.processes()).hasSizeGreaterThan(900);
            // every committed time exists
            java.util.Set<Long> times = new java.util.HashSet<>();
            for (ProcessSeries ps : store.series(id, committed.get(0), last)) for (long t : ps.times()) times.add(t);
            assertThat(times).containsAll(committed);
        }
    }
}
