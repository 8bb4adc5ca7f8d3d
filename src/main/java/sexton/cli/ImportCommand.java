package sexton.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonGenerator;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sexton.capture.CaptureImport;
import sexton.store.Store;

/** Imports text captures (free, ps, top -b, date lines) as a host of their own. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import text captures into the store as a host of their own.",
                "Reads free blocks (procps 3.2 -o, with -/+ buffers/cache, procps-ng, -w; kB, -m, -g, -h), ps tables with any column set read from the header (ps -eo ..., -ef, -elf, aux, -eLf), top -b batches, and date lines before blocks. FILE may be .gz or .xz; - reads standard input.",
                "The import is atomic: a malformed line stops it (file, line and what was expected; exit 2) and the store is left as it was. Importing the same content twice adds nothing.",
                "After: sexton ps --host NAME --at TIME, sexton free --host NAME ..."})
final class ImportCommand implements Callable<Integer> {
    /** Inputs below this size finish too fast for a progress bar to help. */
    private static final long PROGRESS_MIN_BYTES = 4L << 20;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Capture files (plain, .gz, .xz); - for standard input.")
    List<String> files;

    @Option(names = "--db", paramLabel = "PATH", description = "Store file (default: ~/.local/share/sexton/sexton.db).")
    Path db;

    @Option(names = "--host", paramLabel = "NAME",
            description = "Host name to store the capture under (default: the first file's name without extensions).")
    String host;

    @Option(names = "--start", paramLabel = "TIME", converter = TimeConverter.class,
            description = "Time of the first sample when the capture has no date lines (default: the file's modification time minus samples x interval).")
    Long start;

    @Option(names = "--interval", paramLabel = "D", defaultValue = "10s", converter = DurationConverter.class,
            description = "Time between samples that no date line places (default: ${DEFAULT-VALUE}, the HOWTO's loop).")
    long intervalMillis;

    @Option(names = "--free-unit", paramLabel = "UNIT",
            description = "Unit of free's bare numbers: b, k, m, g (default: from an echoed 'free -m', else from ps %%MEM, else k).")
    String freeUnit;

    @Option(names = "--tz", paramLabel = "ZONE",
            description = "Time zone of date lines without one, and of top clocks (default: this machine's).")
    String tz;

    @Option(names = "--lenient", description = "Skip malformed blocks instead of stopping; report how many and where.")
    boolean lenient;

    @Option(names = "--json", description = "Print the summary as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (intervalMillis < 1) throw new UsageError("--interval must be positive");
        ZoneId zone;
        try {
            zone = tz == null ? ZoneId.systemDefault() : ZoneId.of(tz);
        } catch (DateTimeException e) {
            throw new UsageError("--tz: unknown time zone '" + tz + "' (e.g. UTC, Europe/Paris, +02:00)");
        }
        long unit = switch (freeUnit == null ? "" : freeUnit.toLowerCase(Locale.ROOT)) {
            case "" -> 0;
            case "b" -> 1;
            case "k", "kb", "kib" -> 1024;
            case "m", "mb", "mib" -> 1024L * 1024;
            case "g", "gb", "gib" -> 1024L * 1024 * 1024;
            default -> throw new UsageError("--free-unit must be b, k, m or g, not '" + freeUnit + "'");
        };
        if (host != null && host.isBlank()) throw new UsageError("--host must not be empty");
        List<CaptureImport.Source> sources = CaptureImport.sources(files, System.in);
        String name = host != null ? host : CaptureImport.defaultHost(sources);
        CaptureImport.Options options = new CaptureImport.Options(name, start, intervalMillis, lenient, zone, unit);
        long size = 0;
        for (CaptureImport.Source s : sources) size += s.path().toFile().length();
        CaptureImport.Summary sum;
        try (Store store = Store.open(db != null ? db : Store.defaultPath())) {
            if (!json && Terminal.interactive() && size > PROGRESS_MIN_BYTES) {
                // bytes of the files as read for import (a quick first read that hashes them counts as the first half)
                try (ProgressBar bar = new ProgressBarBuilder().setTaskName("import").setInitialMax(size)
                        .setUnit("MB", 1_000_000).showSpeed().setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500)
                        .setConsumer(new ConsoleProgressBarConsumer(System.err)).build()) {
                    sum = CaptureImport.run(store, sources, options, (done, total, samples) -> {
                        bar.stepTo(done / 2);
                        bar.setExtraMessage(" " + samples + " samples");
                    });
                }
            } else {
                sum = CaptureImport.run(store, sources, options, null);
            }
        }
        print(sum);
        return Main.OK;
    }

    private void print(CaptureImport.Summary s) throws Exception {
        PrintStream out = System.out;
        if (json) {
            JsonGenerator g = JsonOutput.to(out);
            g.writeStartObject();
            g.writeStringField("host", s.host());
            g.writeNumberField("samples", s.samples());
            g.writeNumberField("processes", s.processes());
            if (s.samples() > 0) {
                g.writeStringField("first", JsonOutput.iso(s.firstMillis()));
                g.writeStringField("last", JsonOutput.iso(s.lastMillis()));
            } else {
                g.writeNullField("first");
                g.writeNullField("last");
            }
            g.writeNumberField("interval_s", Math.round(s.intervalSeconds() * 1000) / 1000.0);
            g.writeNumberField("skipped_blocks", s.skippedBlocks().size());
            g.writeArrayFieldStart("skipped");
            for (String where : s.skippedBlocks()) g.writeString(where);
            g.writeEndArray();
            g.writeNumberField("zombies", s.zombies());
            g.writeNumberField("rows", s.rows());
            g.writeNumberField("bytes", s.bytes());
            g.writeNumberField("elapsed_s", s.elapsedMillis() / 1000.0);
            g.writeNumberField("mb_per_s", Math.round(s.megabytesPerSecond() * 10) / 10.0);
            g.writeArrayFieldStart("already_imported");
            for (String a : s.alreadyImported()) g.writeString(a);
            g.writeEndArray();
            g.writeArrayFieldStart("notes");
            for (String n : s.notes()) g.writeString(n);
            g.writeEndArray();
            g.writeEndObject();
            JsonOutput.finish(g, out);
            return;
        }
        for (String a : s.alreadyImported()) out.println("already imported, skipped: " + Terminal.clean(a));
        for (String n : s.notes()) out.println("note: " + Terminal.clean(n));
        for (String w : s.skippedBlocks()) out.println("skipped: " + Terminal.clean(w));
        if (s.samples() == 0) {
            out.println("nothing new imported for host " + Terminal.clean(s.host()));
            return;
        }
        out.printf(Locale.ROOT, "imported %,d samples of %,d processes, %s to %s (every %s), host %s, %d zombies seen%s"
                        + " (%.1f MB in %.1f s)%n",
                s.samples(), s.processes(), localTime(s.firstMillis()), localTime(s.lastMillis()),
                seconds(s.intervalSeconds()), Terminal.clean(s.host()), s.zombies(),
                s.skippedBlocks().isEmpty() ? "" : "; " + s.skippedBlocks().size() + " malformed blocks skipped",
                s.bytes() / 1e6, s.elapsedMillis() / 1000.0);
    }

    private static String localTime(long millis) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                .format(java.time.Instant.ofEpochMilli(millis).atZone(ZoneId.systemDefault()));
    }

    private static String seconds(double s) {
        return s == Math.rint(s) ? (long) s + " s" : String.format(Locale.ROOT, "%.1f s", s);
    }
}
