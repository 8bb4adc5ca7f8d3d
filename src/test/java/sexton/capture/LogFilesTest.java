package sexton.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sexton.model.LogLine;

class LogFilesTest {

    private static final ZoneId UTC = ZoneOffset.UTC;

    @TempDir
    Path dir;

    private static long at(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    private Path copy(String resource, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        try (InputStream in = LogFilesTest.class.getResourceAsStream("/logs/" + resource)) {
            Files.copy(in, to);
        }
        return future(to);
    }

    private Path gzip(String resource, Path to) throws IOException {
        try (InputStream in = LogFilesTest.class.getResourceAsStream("/logs/" + resource);
             OutputStream out = new GZIPOutputStream(Files.newOutputStream(to))) {
            in.transferTo(out);
        }
        return future(to);
    }

    /** Fixtures hold lines of 2027: a copy made today must not look older than them (read skips such files). */
    private static Path future(Path p) throws IOException {
        Files.setLastModifiedTime(p, FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
        return p;
    }

    private static List<LogLine> read(Path f, long from, long to) {
        List<LogLine> out = new ArrayList<>();
        LogFiles.read(f, UTC, from, to, out::add);
        return out;
    }

    @Test
    void defaultFilesFindsRotationsThatExist() throws IOException {
        Path log = dir.resolve("var/log");
        Files.createDirectories(log);
        for (String name : List.of("messages", "messages.1", "messages.2.gz", "syslog", "syslog.9.gz", "auth.log.1",
                "secure", "syslog.10.gz", "syslog.old", "kern.log", "messages.x.gz")) {
            Files.writeString(log.resolve(name), "x\n");
        }
        Files.createDirectories(log.resolve("auth.log")); // a directory is not a log file
        assertThat(LogFiles.defaultFiles(dir)).containsExactly(
                log.resolve("messages"), log.resolve("messages.1"), log.resolve("messages.2.gz"),
                log.resolve("syslog"), log.resolve("syslog.9.gz"),
                log.resolve("auth.log.1"),
                log.resolve("secure"));
        assertThat(LogFiles.defaultFiles(dir.resolve("nowhere"))).isEmpty();
    }

    @Test
    void yearRollsBackForDecemberLinesReadInJanuary() throws IOException {
        Path f = copy("syslog", dir.resolve("syslog"));
        List<LogLine> lines = read(f, at("2026-12-31T23:58:00Z"), at("2027-01-01T00:06:00Z"));
        assertThat(lines).extracting(LogLine::timeMillis).containsExactly(
                at("2026-12-31T23:58:12Z"), at("2026-12-31T23:58:13Z"), at("2026-12-31T23:59:59Z"),
                at("2027-01-01T00:00:01Z"), at("2027-01-01T00:00:02Z"), at("2027-01-01T00:00:03Z"),
                at("2027-01-01T00:05:00Z"));
        assertThat(lines).allMatch(l -> l.source().equals("syslog"));
        assertThat(lines.get(2).program()).isEqualTo("postfix/smtpd");
    }

    @Test
    void windowInTheSameYear() throws IOException {
        Path f = copy("auth.log", dir.resolve("auth.log"));
        List<LogLine> lines = read(f, at("2027-01-06T03:10:04Z"), at("2027-01-06T03:11:02Z"));
        assertThat(lines).extracting(LogLine::message).containsExactly(
                "Failed password for root from 198.51.100.23 port 50122 ssh2",
                "Failed password for root from 198.51.100.24 port 50410 ssh2",
                "Connection closed by authenticating user root 198.51.100.23 port 50122 [preauth]",
                "Accepted publickey for admin from 2001:db8::42 port 41022 ssh2: ED25519 SHA256:q0V3bIhGm1l9mC3rN0s3nMxN3d4Vt8eH0fXkPpI0e1A",
                "pam_unix(sshd:session): session opened for user admin(uid=1000) by (uid=0)");
    }

    @Test
    void gzipDetectedByMagicNotByName() throws IOException {
        Path gz = gzip("syslog", dir.resolve("syslog.2.gz"));
        Path renamed = gzip("syslog", dir.resolve("syslog.2"));
        long from = at("2026-12-31T00:00:00Z"), to = at("2027-01-01T23:59:59Z");
        List<LogLine> plain = read(copy("syslog", dir.resolve("syslog")), from, to);
        assertThat(plain).hasSize(10);
        assertThat(read(gz, from, to)).containsExactlyElementsOf(
                plain.stream().map(l -> new LogLine(l.timeMillis(), l.host(), l.program(), l.pid(), l.message(),
                        "syslog.2.gz")).toList());
        assertThat(read(renamed, from, to)).hasSize(10);
    }

    @Test
    void rfc3339LinesKeepTheirYear() throws IOException {
        Path f = copy("rsyslog-rfc3339.log", dir.resolve("messages"));
        // the window ends in January 2027: a BSD line of November would be moved to 2026, these are there already
        List<LogLine> lines = read(f, at("2026-11-23T03:10:02Z"), at("2027-01-02T00:00:00Z"));
        assertThat(lines).extracting(LogLine::timeMillis).containsExactly(
                at("2026-11-23T03:10:02.500Z"), at("2026-11-23T03:10:03Z"), at("2026-11-23T03:10:04Z"),
                at("2026-11-23T03:10:05Z"));
    }

    @Test
    void fileLastWrittenBeforeTheWindowIsSkipped() throws IOException {
        Path f = copy("messages", dir.resolve("messages"));
        long from = at("2027-01-06T00:00:00Z"), to = at("2027-01-06T23:59:59Z");
        assertThat(read(f, from, to)).hasSize(356);
        Files.setLastModifiedTime(f, FileTime.fromMillis(from - 1));
        assertThat(read(f, from, to)).isEmpty();
    }

    @Test
    void latin1BytesDoNotStopTheRead() throws IOException {
        Path f = dir.resolve("messages");
        byte[] bad = "Jan  6 03:10:02 h p[1]: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] good = "Jan  6 03:10:03 h p[1]: ok\n".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[bad.length + good.length];
        System.arraycopy(bad, 0, all, 0, bad.length);
        System.arraycopy(good, 0, all, bad.length, good.length);
        future(Files.write(f, all));
        List<LogLine> lines = read(f, at("2027-01-06T00:00:00Z"), at("2027-01-06T23:59:59Z"));
        assertThat(lines).extracting(LogLine::message).containsExactly("caf\ufffd", "ok");
    }

    @Test
    void missingFileThrowsUnchecked() {
        assertThatThrownBy(() -> read(dir.resolve("absent"), 0, Long.MAX_VALUE / 2))
                .isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void journalIsFalseWithoutJournalctlAndBoundedWithIt() {
        long to = System.currentTimeMillis();
        List<LogLine> lines = new ArrayList<>();
        long t0 = System.nanoTime();
        // a short bound keeps the test fast on a host with a big journal
        boolean ran = LogFiles.journal(to - 60_000, to, lines::add, 3, 1000);
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        if (LogFiles.onPath("journalctl") == null) {
            assertThat(ran).isFalse();
            assertThat(lines).isEmpty();
        } else {
            assertThat(seconds).isLessThan(10);
            assertThat(lines).hasSizeLessThanOrEqualTo(1000)
                    .allMatch(l -> l.timeMillis() >= to - 60_000 && l.timeMillis() <= to && l.source().equals("journal"));
        }
    }

    private static final String ENTRY = "{\"__REALTIME_TIMESTAMP\":\"5000000\",\"SYSLOG_IDENTIFIER\":\"p\",\"MESSAGE\":\"m\"}";

    @Test
    void journalCommandStoppedAfterMaxLines() {
        List<LogLine> lines = new ArrayList<>();
        boolean ran = LogFiles.run(List.of("yes", ENTRY), 0, 10_000, lines::add, 10, 500);
        assertThat(ran).isTrue();
        assertThat(lines).hasSize(500).allMatch(l -> l.timeMillis() == 5000 && l.program().equals("p"));
    }

    @Test
    void journalCommandKilledAfterTimeout() {
        long t0 = System.nanoTime();
        boolean ran = LogFiles.run(List.of("sleep", "30"), 0, 10_000, l -> { }, 1, 500);
        assertThat(ran).isTrue();
        assertThat((System.nanoTime() - t0) / 1_000_000L).isBetween(900L, 5000L);
    }

    @Test
    void journalCommandFailingIsFalseAndWindowFilters() {
        List<LogLine> lines = new ArrayList<>();
        String script = "echo '" + ENTRY + "'; echo 'No journal files were found.' >&2; exit 1";
        assertThat(LogFiles.run(List.of("sh", "-c", script), 0, 10_000, lines::add, 10, 500)).isFalse();
        assertThat(lines).hasSize(1);
        lines.clear();
        assertThat(LogFiles.run(List.of("sh", "-c", "echo '" + ENTRY + "'"), 6000, 10_000, lines::add, 10, 500)).isTrue();
        assertThat(lines).isEmpty();
        assertThat(LogFiles.run(List.of("/nonexistent/journalctl"), 0, 1, lines::add, 10, 500)).isFalse();
    }
}
