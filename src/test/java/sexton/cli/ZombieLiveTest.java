package sexton.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real zombie factories, each under a small perl subreaper (this machine's PID 1 may not reap
 * orphans, so the test gives them a reaper that does): grouping and birth rate, and a SysV init
 * script restarted by {@code --fix --yes} with the zombies cleared, verified and audited. Every
 * process started here is ended by its pid.
 */
class ZombieLiveTest {
    @TempDir
    Path dir;

    private final List<Long> daemons = new ArrayList<>();
    private final List<Process> reapers = new ArrayList<>();

    private static Path resource(String name) throws Exception {
        Path p = Path.of(ZombieLiveTest.class.getResource("/zombies/" + name).toURI());
        p.toFile().setExecutable(true);
        return p;
    }

    /** Starts COMMAND under a subreaper; returns the reaper, whose first line names the command's pid. */
    private Process underReaper(String... command) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add("perl");
        cmd.add(resource("reaper.pl").toString());
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        reapers.add(p);
        return p;
    }

    @AfterEach
    void end() throws Exception {
        for (long pid : daemons) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly); // first the factories: their zombies go to the reapers
        Thread.sleep(500);
        for (Process r : reapers) {
            r.destroy();
            if (!r.waitFor(5, TimeUnit.SECONDS)) r.destroyForcibly();
        }
    }

    /** Zombie children of {@code ppid}, counted from /proc by a reader independent of sexton's. */
    static int zombiesOf(long ppid) throws IOException {
        int n = 0;
        try (var dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path d : dirs) {
                try {
                    String stat = Files.readString(d.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (f[0].equals("Z") && Long.parseLong(f[1]) == ppid) n++;
                } catch (IOException | RuntimeException e) {
                    // gone meanwhile
                }
            }
        }
        return n;
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void factoriesAreGroupedByParentWithTheirBirthRate() throws Exception {
        Process r1 = underReaper(resource("cimserver").toString(), "0.1");
        BufferedReader out1 = new BufferedReader(new InputStreamReader(r1.getInputStream(), StandardCharsets.UTF_8));
        // the reaper's "child PID" and the daemon's own pid line may come in either order
        String a = out1.readLine(), b = out1.readLine();
        long daemon = Long.parseLong((a.startsWith("child ") ? a.substring(6) : b.substring(6)).trim());
        assertThat(Long.parseLong((a.startsWith("child ") ? b : a).trim())).isEqualTo(daemon);
        daemons.add(daemon);
        Process r2 = underReaper("sh", "-c", "/bin/true & exec sleep 50");
        long sleeper = Long.parseLong(new BufferedReader(new InputStreamReader(r2.getInputStream(), StandardCharsets.UTF_8))
                .readLine().split(" ")[1]);
        daemons.add(sleeper);
        Thread.sleep(1500);

        long t0 = System.nanoTime();
        int c0 = zombiesOf(daemon);
        CliRun run = CliRun.of("zombies", "--watch", "6s", "--json", "--no-logs");
        int c1 = zombiesOf(daemon);
        double trueRate = (c1 - c0) / ((System.nanoTime() - t0) / 60e9);
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        String json = run.out();
        int at = json.indexOf("\"parent_pid\" : " + daemon + ",");
        assertThat(at).as(json).isPositive();
        String group = json.substring(at, json.indexOf("\"log_evidence\"", at));
        assertThat(group).contains("\"cimservera\" :").contains("\"trend\" : \"growing\"").contains("/cimserver 0.1")
                .contains("\"service_kind\" : \"none\"").contains("\"unit\" : null").contains("\"children_commands\" : [ \"cimservera\" ]")
                .contains("\"oldest_age_s\"").contains("\"birth_rate_per_hour\"");
        assertThat(json).contains("\"total\" :").contains("\"pid_max\" :");
        double rate = Double.parseDouble(group.replaceAll("(?s).*\"births_per_minute\" : ([0-9.]+).*", "$1"));
        assertThat(rate).as("within 10 %% of the true rate %.0f/min", trueRate).isBetween(trueRate * 0.9, trueRate * 1.1);
        int count = Integer.parseInt(group.replaceAll("(?s).*\"count\" : ([0-9]+).*", "$1"));
        assertThat(count).isBetween(c0, c1);

        int s = json.indexOf("\"parent_pid\" : " + sleeper + ",");
        assertThat(s).isPositive();
        String sleepGroup = json.substring(s, json.indexOf("\"log_evidence\"", s));
        assertThat(sleepGroup).contains("\"count\" : 1,").contains("\"true\" : 1");
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void fixRestartsTheSysvServiceAndVerifiesAndAudits() throws Exception {
        Path initd = Files.createDirectories(dir.resolve("init.d"));
        Path run = Files.createDirectories(dir.resolve("run"));
        Path script = initd.resolve("zombied");
        Files.writeString(script, """
                #!/bin/sh
                # a SysV init script for the zombie factory, with a pidfile
                PIDFILE="%s/zombied.pid"
                case "$1" in
                  start) nohup "%s" 0.05 zombie-child >/dev/null 2>&1 &
                         echo $! > "$PIDFILE" ;;
                  stop)  [ -f "$PIDFILE" ] && kill "$(cat "$PIDFILE")" 2>/dev/null; rm -f "$PIDFILE"; sleep 0.3 ;;
                  restart) "$0" stop; "$0" start ;;
                  *) echo "usage: $0 start|stop|restart"; exit 2 ;;
                esac
                """.formatted(run, resource("cimserver")));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        underReaper(script.toString(), "start");
        Path pidfile = run.resolve("zombied.pid");
        for (int i = 0; i < 50 && !Files.exists(pidfile); i++) Thread.sleep(100);
        long old = Long.parseLong(Files.readString(pidfile).trim());
        daemons.add(old);
        Thread.sleep(1500);
        assertThat(zombiesOf(old)).isGreaterThan(5);

        Path audit = dir.resolve("audit.jsonl");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process fix = underReaper(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"), "sexton.cli.Main", "zombies",
                "--fix", "--yes", "--parent", Long.toString(old), "--run-dir", run.toString(), "--init-dir", initd.toString(),
                "--audit-log", audit.toString(), "--no-logs", "--grace", "4s");
        BufferedReader out = new BufferedReader(new InputStreamReader(fix.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder text = new StringBuilder();
        String line;
        int exit = -1;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("exit ")) {
                exit = Integer.parseInt(line.substring(5).trim());
                break;
            }
            text.append(line).append('\n');
        }
        String shown = text.toString();
        long fresh = Long.parseLong(Files.readString(pidfile).trim());
        daemons.add(fresh);
        assertThat(shown).contains("service: sysv zombied").contains("kill -s CHLD " + old).contains(script + " restart");
        assertThat(exit).as(shown).isZero();
        assertThat(shown).containsPattern("before \\d+, after 0 under pid " + old + ": cleared");
        assertThat(fresh).isNotEqualTo(old);
        assertThat(ProcessHandle.of(old).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        List<String> records = Files.readAllLines(audit);
        assertThat(records).hasSize(2);
        assertThat(records.get(0)).contains("\"action\":\"kill -s CHLD " + old + "\"").contains("\"outcome\":\"zombies remain\"");
        assertThat(records.get(1)).contains("\"action\":\"" + script + " restart\"").contains("\"zombies_after\":0")
                .contains("\"outcome\":\"cleared\"").contains("\"target_pid\":" + old).contains("\"user\":");
    }
}
