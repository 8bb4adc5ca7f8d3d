package sexton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sexton leaks} and {@code sexton memory} on an imported capture: text, JSON, exit codes. */
class LeaksCommandTest {
    @TempDir
    Path dir;

    /** Two hours at 10 s: a leaking worker, a steady daemon, and a host whose applications hold most of RAM when {@code tight}. */
    private Path capture(boolean leak, boolean tight) throws Exception {
        StringBuilder b = new StringBuilder();
        long t0 = Instant.parse("2026-11-20T08:00:00Z").getEpochSecond();
        for (int i = 0; i < 720; i++) {
            b.append('@').append(t0 + i * 10L).append('\n');
            long leakRss = 200_000 + (leak ? i * 60L : 0) + (i * 7919 % 13) * 4;
            long free = tight ? 1_000_000 : 12_000_000;
            b.append("             total       used       free     shared    buffers     cached\n");
            b.append(String.format(Locale.ROOT, "Mem:      16303412 %10d %10d          0     200000    %d%n", 16303412 - free, free,
                    tight ? 1_000_000 : 3_000_000));
            b.append("Swap:      2097148      10000    2087148\n");
            b.append("  PID  PPID   RSS    VSZ %CPU %MEM CMD\n");
            b.append(String.format(Locale.ROOT, "    1     0   680  10368  0.0  0.0 init%n"));
            b.append(String.format(Locale.ROOT, "  700     1 %5d 900000  1.0  %.1f /usr/bin/worker --queue mail%n", leakRss,
                    100.0 * leakRss / 16303412));
            b.append(String.format(Locale.ROOT, "  800     1 %7d 4000000  0.5 %4.1f /usr/sbin/mysqld%n", 2_000_000 + (i % 5) * 4,
                    100.0 * 2_000_000 / 16303412));
        }
        Path f = dir.resolve(leak ? "leaky.txt" : "calm.txt");
        Files.writeString(f, b);
        return f;
    }

    @Test
    void aLeakIsReportedWithItsEvidenceAndExitsOne() throws Exception {
        String db = dir.resolve("s.db").toString();
        assertThat(CliRun.of("import", capture(true, false).toString(), "--db", db).exit()).isZero();
        CliRun text = CliRun.of("leaks", "--db", db, "--host", "leaky");
        assertThat(text.exit()).as(text.err()).isEqualTo(1);
        assertThat(text.out()).contains("leak").contains("pid 700").contains("/usr/bin/worker --queue mail").contains("MiB/h")
                .doesNotContain("mysqld");
        CliRun json = CliRun.of("leaks", "--db", db, "--host", "leaky", "--json");
        assertThat(json.exit()).isEqualTo(1);
        assertThat(json.out()).contains("\"kind\" : \"process\"").contains("\"pid\" : 700").contains("\"metric\" : \"rss\"")
                .contains("\"verdict\" : \"leak\"").contains("\"slope_kib_per_hour\"").contains("\"confidence\"")
                .contains("\"start_kib\" : 200").contains("\"end_kib\"").contains("\"exhaustion_at\" : \"2026-")
                .contains("\"unit\" : null").doesNotContain("\"verdict\" : \"stable\"");
        CliRun all = CliRun.of("leaks", "--db", db, "--host", "leaky", "--all", "--json");
        assertThat(all.out()).contains("\"verdict\" : \"stable\"").contains("/usr/sbin/mysqld");
        CliRun window = CliRun.of("leaks", "--db", db, "--host", "leaky", "--since", "2m");
        assertThat(window.exit()).isZero();
        assertThat(window.out()).contains("not enough history").contains("needs at least");
    }

    @Test
    void aCalmHostExitsZeroAndMemoryAppliesTheHowtoRules() throws Exception {
        String db = dir.resolve("s.db").toString();
        CliRun.of("import", capture(false, false).toString(), "--db", db);
        CliRun calm = CliRun.of("leaks", "--db", db, "--host", "calm");
        assertThat(calm.exit()).as(calm.out() + calm.err()).isZero();
        assertThat(calm.out()).contains("no leak found");
        CliRun mem = CliRun.of("memory", "--db", db, "--host", "calm", "--json");
        assertThat(mem.exit()).isZero();
        assertThat(mem.out()).contains("\"app_ratio\"").contains("\"app_ratio_rule_triggered\" : false").contains("\"swap_verdict\" : \"stable\"")
                .contains("\"swap_slope_kib_per_hour\"").contains("\"top_consumers\" : [ {").contains("\"pid\" : 800");

        Path tight = dir.resolve("tight.txt");
        Files.move(capture(false, true), tight);
        CliRun.of("import", tight.toString(), "--db", db);
        CliRun rule = CliRun.of("memory", "--db", db, "--host", "tight");
        assertThat(rule.exit()).isEqualTo(1);
        assertThat(rule.out()).contains("ATTENTION used - buffers - cached is").contains("a leak, or the host needs more RAM");
        CliRun threshold = CliRun.of("memory", "--db", db, "--host", "tight", "--mem-threshold", "20");
        assertThat(threshold.out()).contains("processes above 20 %MEM: none");
        assertThat(CliRun.of("memory", "--db", db, "--host", "tight", "--mem-threshold", "200").exit()).isEqualTo(2);
        assertThat(CliRun.of("leaks", "--db", db, "--host", "nope").err()).contains("no host 'nope'");
    }
}
