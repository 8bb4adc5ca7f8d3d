package sexton.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import sexton.testing.JsonTree;

/**
 * A spool filled by a real writer process while {@code record --watch-dir} walks it: {@code dirs}
 * judges it growing at the writer's rate and forecasts when the file system is full; the same
 * history feeds {@code check dirs}, {@code doctor} and the report.
 */
class DirsHistoryTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aGrowingSpoolRecordedOverTimeGetsItsRateAndForecast() throws Exception {
        Path spool = Files.createDirectories(dir.resolve("spool/deferred"));
        Files.createDirectories(dir.resolve("spool/active"));
        Files.writeString(dir.resolve("spool/active/old"), "x".repeat(5000));
        String db = dir.resolve("s.db").toString();
        // 256 KiB every 0.25 s: about 3.5 GiB/h into spool/deferred
        Process writer = new ProcessBuilder("/bin/sh", "-c",
                "i=0; while :; do i=$((i+1)); head -c 262144 /dev/zero > \"$0/q$i.tmp\" && mv \"$0/q$i.tmp\" \"$0/q$i\"; sleep 0.25; done",
                spool.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long pid = writer.pid();
        try {
            CliRun rec = CliRun.of("record", "--db", db, "--interval", "2s", "--duration", "66s", "--watch-dir", dir.resolve("spool").toString(),
                    "--dir-interval", "2s", "--json");
            assertThat(rec.exit()).as(rec.err()).isZero();
            Object summary = JsonTree.parse(rec.out());
            assertThat((Long) JsonTree.at(summary, "dir_samples")).isGreaterThanOrEqualTo(20);
            assertThat(JsonTree.at(summary, "watched_dirs", 0)).isEqualTo(dir.resolve("spool").toString());

            // the writer's real rate, from the files it wrote
            long n, oldest = Long.MAX_VALUE, newest = 0;
            try (Stream<Path> files = Files.list(spool)) {
                File[] fs = files.filter(p -> !p.toString().endsWith(".tmp")).map(Path::toFile).toArray(File[]::new);
                n = fs.length;
                for (File f : fs) {
                    oldest = Math.min(oldest, f.lastModified());
                    newest = Math.max(newest, f.lastModified());
                }
            }
            double rate = (n - 1) * 262144.0 / ((newest - oldest) / 3_600_000.0);

            CliRun dirs = CliRun.of("dirs", "--db", db, "--json", dir.resolve("spool").toString());
            assertThat(dirs.exit()).as("a growing directory is a finding: " + dirs.out() + dirs.err()).isEqualTo(1);
            Object d = JsonTree.at(JsonTree.parse(dirs.out()), "dirs", 0);
            assertThat(JsonTree.at(d, "verdict")).as((String) JsonTree.at(d, "growth_reason")).isEqualTo("growing");
            assertThat((Long) JsonTree.at(d, "history_walks")).isGreaterThanOrEqualTo(20);
            double perHour = ((Number) JsonTree.at(d, "growth_bytes_per_hour")).doubleValue();
            assertThat(perHour).isCloseTo(rate, within(rate * 0.25));
            assertThat(JsonTree.at(d, "growing_child")).isEqualTo("deferred");
            Instant full = Instant.parse((String) JsonTree.at(d, "fs_full_at"));
            double hours = ((Number) JsonTree.at(d, "fs_free_bytes")).doubleValue() / perHour;
            assertThat((double) full.toEpochMilli()).isCloseTo(System.currentTimeMillis() + hours * 3_600_000, within(hours * 3_600_000 * 0.05 + 60_000));

            CliRun text = CliRun.of("dirs", "--db", db, dir.resolve("spool").toString());
            assertThat(text.out()).contains("growth: growing").contains("most in deferred/").contains("file system full about");

            // with no paths, the watched directory is among the defaults
            CliRun defaults = CliRun.of("dirs", "--db", db, "--json", "--top", "1");
            assertThat(defaults.out()).contains("\"path\" : \"" + dir.resolve("spool") + "\"");

            // check dirs: hours until full against thresholds that bracket the forecast
            CliRun warn = CliRun.of("check", "dirs", "--db", db, "--warn", "1000000", "--crit", "0.001");
            assertThat(warn.exit()).as(warn.out()).isEqualTo(1);
            assertThat(warn.out()).startsWith("SEXTON DIRS WARNING - " + dir.resolve("spool") + " grows +").contains("full in")
                    .contains("| '" + dir.resolve("spool") + "'=");
            assertThat(CliRun.of("check", "dirs", "--db", db, "--crit", "1000000", "--warn", "2000000").exit()).isEqualTo(2);

            // doctor and report: a disk finding, and a chart of the directory over time
            CliRun doctor = CliRun.of("doctor", "--db", db, "--watch", "1s", "--json", "-o", dir.resolve("r.html").toString());
            assertThat(doctor.exit()).as(doctor.out() + doctor.err()).isEqualTo(1);
            assertThat(doctor.out()).contains("\"kind\" : \"disk\"").contains("\"verdict\" : \"growing\"");
            String html = Files.readString(dir.resolve("r.html"));
            assertThat(html).contains("chart-dirs").contains("Watched directories");
        } finally {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
            writer.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
