package sexton.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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

/** A real process in D state (a parent blocked in vfork()) and a stopped one, as {@code sexton stuck} shows them. */
class StuckLiveTest {
    @TempDir
    Path dir;

    private final List<Long> pids = new ArrayList<>();
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void end() throws Exception {
        for (long pid : pids) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        Thread.sleep(300);
        for (Process p : started) {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly();
        }
    }

    private static boolean gcc() {
        try {
            return new ProcessBuilder("gcc", "--version").redirectErrorStream(true).start().waitFor(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aParentBlockedInVforkIsInDStateAndAStoppedProcessIsListed() throws Exception {
        assumeTrue(gcc(), "gcc is not installed: the D-state helper cannot be built (.ci/run installs it)");
        Path src = Path.of(getClass().getResource("/zombies/vfork-d.c").toURI());
        Path exe = dir.resolve("vfork-d");
        Process cc = new ProcessBuilder("gcc", "-O1", "-o", exe.toString(), src.toString()).inheritIO().start();
        assertThat(cc.waitFor(60, TimeUnit.SECONDS) && cc.exitValue() == 0).as("gcc").isTrue();
        Path reaper = Path.of(getClass().getResource("/zombies/reaper.pl").toURI());
        Process r = new ProcessBuilder("perl", reaper.toString(), exe.toString(), "30").start();
        started.add(r);
        BufferedReader out = new BufferedReader(new InputStreamReader(r.getInputStream(), StandardCharsets.UTF_8));
        // the reaper's "child PID" and the helper's own pid line may come in either order
        String a = out.readLine(), b = out.readLine();
        long blocked = Long.parseLong((a.startsWith("child ") ? b : a).trim());
        Process sleeper = new ProcessBuilder("sleep", "40").start();
        started.add(sleeper);
        assertThat(new ProcessBuilder("kill", "-s", "STOP", Long.toString(sleeper.pid())).start().waitFor()).isZero();
        Thread.sleep(500);
        // the vfork child: end it first, so the parent leaves D and exits to its reaper
        ProcessHandle.of(blocked).ifPresent(h -> h.children().forEach(c -> pids.add(c.pid())));
        pids.add(blocked);

        CliRun run = CliRun.of("stuck", "--json");
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        String json = run.out();
        int at = json.indexOf("\"pid\" : " + blocked + ",");
        assertThat(at).as(json).isPositive();
        String p = json.substring(at, json.indexOf('}', at));
        assertThat(p).contains("\"state\" : \"D\"").contains("uninterruptible sleep").contains("\"since\" :").contains("\"tracer_pid\" : 0");
        int s = json.indexOf("\"pid\" : " + sleeper.pid() + ",");
        assertThat(s).isPositive();
        assertThat(json.substring(s, json.indexOf('}', s))).contains("\"state\" : \"T\"").contains("kill -CONT " + sleeper.pid());
        CliRun text = CliRun.of("stuck");
        assertThat(text.out()).contains("D state at").contains(blocked + " ");
    }
}
