package sexton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real leaking child (1 MiB touched every 100 ms) and a steady one, recorded at 1 s for a little
 * over a minute: {@code sexton leaks} reports the leaker and not the steady one.
 */
class LiveLeakTest {
    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    private Process child(String mode) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xint", "-Xmx32m", "-XX:MaxDirectMemorySize=1200m", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), "sexton.analysis.Leaker", mode).redirectErrorStream(true).start();
        started.add(p);
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertThat(r.readLine()).isEqualTo("ready");
        return p;
    }

    @AfterEach
    void endChildren() throws Exception {
        for (Process p : started) { // only what this test started, by its own handle (pid)
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void theLeakerIsReportedAndTheSteadyOneIsNot() throws Exception {
        Process leaker = child("leak");
        Process steady = child("steady");
        String db = dir.resolve("live.db").toString();
        CliRun rec = CliRun.of("record", "--interval", "1s", "--duration", "70s", "--db", db);
        assertThat(rec.exit()).as(rec.err()).isZero();
        CliRun leaks = CliRun.of("leaks", "--db", db, "--json");
        assertThat(leaks.exit()).as(leaks.err()).isEqualTo(1);
        String out = leaks.out();
        assertThat(out).contains("\"pid\" : " + leaker.pid() + ",");
        int at = out.indexOf("\"pid\" : " + leaker.pid() + ",");
        String finding = out.substring(at, out.indexOf('}', at));
        assertThat(finding).contains("\"metric\" : \"rss\"").contains("\"verdict\" : \"leak\"");
        assertThat(out).doesNotContain("\"pid\" : " + steady.pid() + ",");
        CliRun all = CliRun.of("leaks", "--db", db, "--all", "--json");
        assertThat(all.out()).as("the steady child was judged, and not a leak").contains("\"pid\" : " + steady.pid() + ",");
    }
}
