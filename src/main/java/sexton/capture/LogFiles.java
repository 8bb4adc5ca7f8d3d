package sexton.capture;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

import sexton.model.LogLine;

/** Finding a host's syslog files and reading their lines, and the systemd journal, within a time window. */
public final class LogFiles {

    private LogFiles() {
    }

    /** Debian/Ubuntu write syslog and auth.log; RHEL, SUSE and ESX write messages and secure. */
    private static final String[] NAMES = {"messages", "syslog", "auth.log", "secure"};
    /** logrotate's default numbering; beyond 9 is rare and would only cost reading old files. */
    private static final int MAX_ROTATION = 9;
    /** A BSD line this far past the window's end is taken to be from the year before (see read). */
    private static final long YEAR_SLACK_MILLIS = 24L * 3600 * 1000;

    static final long JOURNAL_TIMEOUT_SECONDS = 20;
    static final int JOURNAL_MAX_LINES = 200_000;

    /**
     * The syslog files under {@code root} (normally {@code /}) that exist and are readable:
     * {@code var/log/messages}, {@code syslog}, {@code auth.log}, {@code secure}, each followed by its
     * rotations {@code NAME.1} ... {@code NAME.9} and {@code NAME.1.gz} ... {@code NAME.9.gz}, newest first.
     */
    public static List<Path> defaultFiles(Path root) {
        Path dir = root.resolve("var").resolve("log");
        List<Path> out = new ArrayList<>();
        for (String name : NAMES) {
            addIfReadable(out, dir.resolve(name));
            for (int n = 1; n <= MAX_ROTATION; n++) {
                addIfReadable(out, dir.resolve(name + "." + n));
                addIfReadable(out, dir.resolve(name + "." + n + ".gz"));
            }
        }
        return out;
    }

    private static void addIfReadable(List<Path> out, Path p) {
        if (Files.isRegularFile(p) && Files.isReadable(p)) out.add(p);
    }

    /**
     * Feeds {@code out} every syslog line of {@code file} whose time is within [fromMillis, toMillis].
     * Plain or gzip (recognised by its magic bytes, not its name: rotated files are sometimes renamed).
     * Lines that are not syslog lines are skipped.
     *
     * <p>BSD timestamps have no year. The window's end year is assumed; a line that would then fall more
     * than a day after the window's end cannot have been written yet, so it is from the year before (a
     * December line read in January). The day of slack allows for clocks and zones that disagree a little.
     *
     * @throws UncheckedIOException when the file cannot be read
     */
    public static void read(Path file, ZoneId zone, long fromMillis, long toMillis, Consumer<LogLine> out) {
        try {
            // a file last written before the window holds no line in it (rotation keeps modification times)
            if (Files.getLastModifiedTime(file).toMillis() < fromMillis) return;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int year = Instant.ofEpochMilli(toMillis).atZone(zone).getYear();
        String source = file.getFileName().toString();
        long latest = toMillis + YEAR_SLACK_MILLIS;
        try (BufferedReader r = open(file)) {
            String line;
            while ((line = r.readLine()) != null) {
                LogLine l = SyslogParser.parse(line, year, zone, source);
                if (l == null) {
                    // Feb 29 does not exist in the assumed year but may in the one before
                    if (line.startsWith("Feb 29")) l = SyslogParser.parse(line, year - 1, zone, source);
                    if (l == null) continue;
                } else if (l.timeMillis() > latest) {
                    // RFC 3339 lines carry their own year and come back unchanged, to be dropped below
                    l = SyslogParser.parse(line, year - 1, zone, source);
                    if (l == null) continue;
                }
                if (l.timeMillis() >= fromMillis && l.timeMillis() <= toMillis) out.accept(l);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BufferedReader open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 65536);
        try {
            in.mark(2);
            int b1 = in.read(), b2 = in.read();
            in.reset();
            if (b1 == 0x1f && b2 == 0x8b) in = new GZIPInputStream(in, 65536);
            // InputStreamReader replaces malformed bytes (Latin-1 in old logs) instead of failing
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 65536);
        } catch (IOException e) {
            in.close();
            throw e;
        }
    }

    /**
     * Feeds {@code out} the journal's entries within [fromMillis, toMillis], read from
     * {@code journalctl -o json}. Bounded: journalctl is killed after 20 s or 200,000 lines, whatever
     * was read by then having been fed. Returns false when journalctl is not on the PATH, cannot be
     * started, or exits with an error (no journal, no permission) without having been stopped by us;
     * lines it wrote before failing have been fed all the same.
     */
    public static boolean journal(long fromMillis, long toMillis, Consumer<LogLine> out) {
        return journal(fromMillis, toMillis, out, JOURNAL_TIMEOUT_SECONDS, JOURNAL_MAX_LINES);
    }

    static boolean journal(long fromMillis, long toMillis, Consumer<LogLine> out, long timeoutSeconds,
                           int maxLines) {
        Path exe = onPath("journalctl");
        if (exe == null) return false;
        List<String> cmd = List.of(exe.toString(), "-o", "json", "--no-pager",
                "--since", "@" + Math.floorDiv(fromMillis, 1000),
                "--until", "@" + Math.floorDiv(toMillis + 999, 1000));
        return run(cmd, fromMillis, toMillis, out, timeoutSeconds, maxLines);
    }

    /** Runs a command that writes journal JSON lines, under the bounds; separate so tests can stand one in. */
    static boolean run(List<String> cmd, long fromMillis, long toMillis, Consumer<LogLine> out, long timeoutSeconds,
                       int maxLines) {
        Process p;
        try {
            p = new ProcessBuilder(cmd)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            return false;
        }
        // the watchdog ends this process only, through its own handle: waitFor returns as soon as it exits
        AtomicBoolean killed = new AtomicBoolean();
        Thread watchdog = new Thread(() -> {
            try {
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    killed.set(true);
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                // interrupted by the reader once it is done with the process
            }
        }, "journalctl-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        boolean stopped = false;
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8), 65536)) {
            String line;
            int lines = 0;
            while ((line = r.readLine()) != null) {
                if (++lines > maxLines) {
                    stopped = true;
                    break;
                }
                LogLine l = JournalJsonParser.parse(line);
                if (l != null && l.timeMillis() >= fromMillis && l.timeMillis() <= toMillis) out.accept(l);
            }
        } catch (IOException e) {
            // the watchdog killed it mid-read: what was read stands
        }
        try {
            if (stopped || !p.waitFor(1, TimeUnit.SECONDS)) {
                stopped = true;
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return false;
        }
        watchdog.interrupt();
        // a kill by us means "bounded", not "failed"
        if (stopped || killed.get()) return true;
        return p.exitValue() == 0;
    }

    /** The executable {@code name} in a directory of $PATH, or null. */
    static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return p;
        }
        return null;
    }
}
