package sexton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code sexton doctor} on this machine with a live zombie factory and a leaker: both found, report written, exit 1. */
class DoctorEndToEndTest {
    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    private sexton.testing.ZombieFactory zombies;

    @AfterEach
    void end() throws Exception {
        if (zombies != null) zombies.close();
        for (Process p : started) {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly();
        }
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void findsTheZombieFactoryAndTheLeakerAndWritesTheReport() throws Exception {
        zombies = sexton.testing.ZombieFactory.start("0.5");
        long factory = zombies.pid();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process leaker = new ProcessBuilder(java, "-Xint", "-Xmx32m", "-XX:MaxDirectMemorySize=1200m", "-cp",
                System.getProperty("java.class.path"), "sexton.analysis.Leaker", "leak").start();
        started.add(leaker);
        assertThat(new BufferedReader(new InputStreamReader(leaker.getInputStream(), StandardCharsets.UTF_8)).readLine()).isEqualTo("ready");

        Path report = dir.resolve("doctor.html");
        CliRun run = CliRun.of("doctor", "--watch", "65s", "--db", dir.resolve("s.db").toString(), "-o", report.toString(), "--json");
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        String json = run.out();
        assertThat(json).contains("\"healthy\" : false").contains("\"report\" : \"" + report.toAbsolutePath() + "\"");
        assertThat(json).contains("\"kind\" : \"zombies\"").contains("zombies of pid " + factory + " ");
        assertThat(json).contains("\"kind\" : \"leak\"").contains("pid " + leaker.pid() + " ");
        assertThat(json).contains("sexton zombies --fix --parent " + factory);
        assertThat(report).exists();
        String html = Files.readString(report);
        assertThat(html).contains("zombies of pid " + factory).contains("pid " + leaker.pid());
    }
}
