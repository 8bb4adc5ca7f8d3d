package sexton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import sexton.store.Store;

/** The real commands in a child JVM: record until SIGTERM, then read the history back with ps and free. */
class RecordEndToEndTest {
    @TempDir
    Path dir;

    private static Process sexton(String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String[] cmd = new String[args.length + 5];
        cmd[0] = java;
        cmd[1] = "-Xmx128m";
        cmd[2] = "-cp";
        cmd[3] = System.getProperty("java.class.path");
        cmd[4] = "sexton.cli.Main";
        System.arraycopy(args, 0, cmd, 5, args.length);
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void sigtermFinishesTheSnapshotClosesTheStoreAndExitsZero() throws Exception {
        Path db = dir.resolve("rec.db");
        Process rec = sexton("record", "--interval", "200ms", "--db", db.toString());
        try {
            // wait until a few snapshots are committed
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            long count = 0;
            while (System.nanoTime() < deadline && count < 5) {
                Thread.sleep(300);
                if (db.toFile().exists()) {
                    try (Store s = Store.openReadOnly(db)) {
                        count = s.hosts().isEmpty() ? 0 : s.snapshotCount(s.hosts().get(0).id());
                    } catch (RuntimeException notYet) {
                        count = 0;
                    }
                }
            }
            assertThat(count).as("snapshots committed while recording").isGreaterThanOrEqualTo(5);
            rec.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of its stdout
            assertThat(rec.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(rec.exitValue()).isZero();
            String summary = new String(rec.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(summary).contains("Recorded ").contains("Processes:").contains("Zombies seen:");
        } finally {
            rec.destroyForcibly();
        }

        Process ps = sexton("ps", "--db", db.toString(), "--at", "now", "--json", "--sort", "rss");
        String json = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ps.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(ps.exitValue()).isZero();
        int objects = 0;
        boolean sawInit = false;
        try (JsonParser p = new JsonFactory().createParser(json)) {
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_ARRAY);
            while (p.nextToken() == JsonToken.START_OBJECT) {
                objects++;
                int pid = -1;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String f = p.currentName();
                    p.nextToken();
                    if (f.equals("pid")) pid = p.getIntValue();
                }
                if (pid == 1) sawInit = true;
            }
        }
        assertThat(objects).isGreaterThan(1);
        assertThat(sawInit).isTrue();
        assertThat(json).contains("\"rss_kib\"", "\"vsz_kib\"", "\"cpu_pct\"", "\"mem_pct\"", "\"user\"", "\"unit\"", "\"command\"");

        Process free = sexton("free", "--db", db.toString(), "--at", "now");
        String table;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(free.getInputStream(), StandardCharsets.UTF_8))) {
            table = r.lines().reduce("", (a, b) -> a + b + "\n");
        }
        assertThat(free.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(free.exitValue()).isZero();
        assertThat(table).contains("Mem:").contains("-/+ buffers/cache:").contains("Swap:").contains("available");
    }
}
