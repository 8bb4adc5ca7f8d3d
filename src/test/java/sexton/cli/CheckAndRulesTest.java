package sexton.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sexton check}: Nagios states and perfdata; {@code sexton rules}: valid for promtool. */
class CheckAndRulesTest {
    @TempDir
    Path dir;

    @Test
    void everyStateOfEveryCheck() throws Exception {
        try (sexton.testing.ZombieFactory factory = sexton.testing.ZombieFactory.start("0.05")) {
            Thread.sleep(1500); // some 30 zombies
            CliRun warning = CliRun.of("check", "zombies", "--warn", "5", "--crit", "100000");
            assertThat(warning.exit()).isEqualTo(1);
            assertThat(warning.out()).startsWith("SEXTON ZOMBIES WARNING - ").contains(" | zombies=").contains(";5;100000;0");
            assertThat(CliRun.of("check", "zombies", "--warn", "5", "--crit", "6").exit()).isEqualTo(2);
            assertThat(CliRun.of("check", "zombies", "--warn", "100000", "--crit", "100000").exit()).isZero();
        }
        CliRun memOk = CliRun.of("check", "memory", "--warn", "100", "--crit", "100");
        assertThat(memOk.exit()).isZero();
        assertThat(memOk.out()).startsWith("SEXTON MEMORY OK - ").contains("app_ratio=");
        assertThat(CliRun.of("check", "memory", "--warn", "-1", "--crit", "100").exit()).isEqualTo(1);
        assertThat(CliRun.of("check", "memory", "--warn", "-1", "--crit", "-1").exit()).isEqualTo(2);
        CliRun stuck = CliRun.of("check", "stuck", "--warn", "1000", "--crit", "1000");
        assertThat(stuck.exit()).isZero();
        assertThat(stuck.out()).contains("d_state=");
        assertThat(CliRun.of("check", "bogus").exit()).isEqualTo(3);
        assertThat(CliRun.of("check", "zombies", "--warn", "x").out()).startsWith("SEXTON CHECK UNKNOWN");
        assertThat(CliRun.of("check", "zombies", "--warn", "x").exit()).isEqualTo(3);
        CliRun noStore = CliRun.of("check", "leaks", "--db", dir.resolve("none.db").toString());
        assertThat(noStore.exit()).isEqualTo(3);
        assertThat(noStore.out()).startsWith("SEXTON LEAKS UNKNOWN - ");
    }

    @Test
    void leaksFromThisHostsHistory() throws Exception {
        // a capture of two hours with a leaker, imported under this machine's name
        StringBuilder b = new StringBuilder();
        long t0 = System.currentTimeMillis() / 1000 - 7200;
        for (int i = 0; i < 720; i++) {
            b.append('@').append(t0 + i * 10L).append('\n');
            b.append("             total       used       free     shared    buffers     cached\n");
            b.append("Mem:      16303412    4303412   12000000          0     200000    3000000\n");
            b.append("  PID  PPID   RSS    VSZ %CPU %MEM CMD\n");
            b.append(String.format(java.util.Locale.ROOT, "  700     1 %6d 900000  1.0  1.5 /usr/bin/worker%n", 200_000 + i * 60));
            b.append("  800     1  50000 400000  0.5  0.3 /usr/sbin/steady\n");
        }
        Path f = dir.resolve("here.txt");
        Files.writeString(f, b);
        String db = dir.resolve("s.db").toString();
        String host = sexton.record.Sampler.system().hostName();
        assertThat(CliRun.of("import", f.toString(), "--db", db, "--host", host).exit()).isZero();
        CliRun leaks = CliRun.of("check", "leaks", "--db", db);
        assertThat(leaks.exit()).as(leaks.out()).isEqualTo(1);
        assertThat(leaks.out()).startsWith("SEXTON LEAKS WARNING - 1 leaks").contains("/usr/bin/worker").contains("| leaks=1;0;2;0");
        assertThat(CliRun.of("check", "leaks", "--db", db, "--warn", "5", "--crit", "9").exit()).isZero();
    }

    @Test
    void rulesNameTheMetricsAndPassPromtool() throws Exception {
        Path out = dir.resolve("sexton-rules.yml");
        assertThat(CliRun.of("rules", "-o", out.toString(), "--zombies", "50").exit()).isZero();
        String yaml = Files.readString(out);
        assertThat(yaml).contains("alert: SextonZombieStorm").contains("sexton_zombies) > 50").contains("alert: SextonForkPressure")
                .contains("min_over_time(sexton_group_resident_bytes[15m])").contains("for: 1h").contains("sexton zombies --fix --parent")
                .contains("alert: SextonDirectoryFillsDisk").contains("sexton_dir_fs_full_timestamp_seconds - time() < 86400");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/promtool")), "promtool is not installed (.ci/run installs prometheus)");
        Process p = new ProcessBuilder("promtool", "check", "rules", out.toString()).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(text).isZero();
        assertThat(text).contains("SUCCESS: 5 rules found");
    }
}
