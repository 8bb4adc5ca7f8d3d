package sexton.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonGenerator;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sexton.model.HostInfo;
import sexton.record.Recorder;
import sexton.record.RecordingTally;
import sexton.record.Sampler;
import sexton.store.Store;

/** Samples the host into the store until stopped; ends with a short summary. */
@Command(name = "record", mixinStandardHelpOptions = true,
        description = {"Record this host's processes and memory into the store.",
                "Samples until stopped (Ctrl-C), for --duration, or for --count samples, then prints a summary: samples, processes, top memory users, zombies seen. SIGINT/SIGTERM finish the current snapshot, close the store and exit 0."})
final class RecordCommand implements Callable<Integer> {
    @Option(names = "--interval", paramLabel = "D", defaultValue = "10s", converter = DurationConverter.class,
            description = "Time between samples (default: ${DEFAULT-VALUE}).")
    long intervalMillis;

    @ArgGroup(exclusive = true)
    Limit limit;

    static final class Limit {
        @Option(names = "--duration", paramLabel = "D", converter = DurationConverter.class,
                description = "Stop after this long (e.g. 1m, 2h).")
        Long durationMillis;

        @Option(names = "--count", paramLabel = "N", description = "Stop after N samples.")
        Long count;
    }

    @Option(names = "--db", paramLabel = "PATH", description = "Store file (default: ~/.local/share/sexton/sexton.db).")
    Path db;

    @Option(names = "--retain", paramLabel = "D", defaultValue = "14d", converter = DurationConverter.class,
            description = "Drop history older than this (default: ${DEFAULT-VALUE}).")
    long retainMillis;

    @Option(names = "--json", description = "Print the closing summary as JSON.")
    boolean json;

    @picocli.CommandLine.Mixin
    DirWatchOptions watch = new DirWatchOptions();

    @Override
    public Integer call() throws Exception {
        if (limit != null && limit.count != null && limit.count <= 0) {
            throw new UsageError("--count must be a positive number of samples, not " + limit.count);
        }
        if (intervalMillis < 100) throw new UsageError("--interval must be at least 100ms");
        Path path = db != null ? db : Store.defaultPath();
        PrintStream out = System.out;
        sexton.record.DirWatch dirs = watch.dirWatch();
        try (Sampler sampler = Sampler.system(); Store store = Store.open(path)) {
            long hostId = store.host(new HostInfo(sampler.hostName(), sampler.constants().clockTicks(),
                    sampler.constants().pageSize()));
            Recorder.Plan plan = new Recorder.Plan(intervalMillis,
                    limit != null && limit.durationMillis != null ? limit.durationMillis : 0,
                    limit != null && limit.count != null ? limit.count : 0, retainMillis);
            boolean tty = Terminal.interactive() && !json;
            Recorder recorder = new Recorder(sampler, store, hostId, plan, tty ? RecordCommand::progress : null, dirs);
            Signals.onInterruptOrTerminate(recorder::stop);
            RecordingTally tally = recorder.run();
            if (tty) System.err.print("\r\033[K");
            store.checkpoint();
            long bytes = store.sizeBytes();
            if (json) summaryJson(out, sampler.hostName(), path, tally, bytes, dirs, recorder.dirSamples());
            else summaryText(out, sampler.hostName(), path, tally, bytes, dirs, recorder.dirSamples());
        }
        return Main.OK;
    }

    private static void progress(sexton.model.Snapshot s, long writeNanos, RecordingTally t, Store store) {
        System.err.printf(Locale.ROOT, "\r\033[Krecording: %d samples, %d processes, %d zombies, store %s, last snapshot %.1f ms + write %.1f ms",
                t.samples(), s.processes().size(), s.zombieCount(), Terminal.human(store.sizeBytes() / 1024),
                s.stats().wallNanos() / 1e6, writeNanos / 1e6);
        System.err.flush();
    }

    private static void summaryText(PrintStream out, String host, Path path, RecordingTally t, long bytes, sexton.record.DirWatch dirs,
                                    long dirSamples) {
        long spanSec = (t.lastMillis() - t.firstMillis()) / 1000;
        out.printf(Locale.ROOT, "Recorded %d samples of %s over %s into %s (%s).%n", t.samples(), Terminal.clean(host),
                spanSec == 0 ? "an instant" : DurationConverter.format(spanSec * 1000), path, Terminal.human(bytes / 1024));
        out.printf(Locale.ROOT, "Processes: %d seen, %d running at the end.%n", t.processes(), t.lastProcessCount());
        out.printf(Locale.ROOT, "Zombies seen: %d%s.%n", t.zombiesSeen(),
                t.zombiesSeen() > 0 ? " (at most " + t.peakZombies() + " at once)" : "");
        if (dirs != null) {
            out.printf(Locale.ROOT, "Watched directories: %d walks of %s (sexton dirs shows their growth).%n", dirSamples,
                    Terminal.clean(dirs.paths().toString()));
        }
        List<RecordingTally.MemoryUser> top = t.topMemoryUsers(5);
        if (!top.isEmpty()) {
            out.println("Top memory users (peak RSS):");
            for (RecordingTally.MemoryUser u : top) {
                String cmd = Terminal.clean(u.command());
                out.printf(Locale.ROOT, "  %8s  pid %-7d %-10s %s%n", Terminal.human(u.peakRssKib()), u.key().pid(),
                        u.user() == null ? "?" : Terminal.clean(u.user()), cmd.length() > 100 ? cmd.substring(0, 99) + "+" : cmd);
            }
        }
        out.flush();
    }

    private static void summaryJson(PrintStream out, String host, Path path, RecordingTally t, long bytes, sexton.record.DirWatch dirs,
                                    long dirSamples) throws java.io.IOException {
        JsonGenerator g = JsonOutput.to(out);
        g.writeStartObject();
        g.writeStringField("host", host);
        g.writeStringField("db", path.toString());
        g.writeNumberField("samples", t.samples());
        if (t.samples() > 0) {
            g.writeStringField("first", JsonOutput.iso(t.firstMillis()));
            g.writeStringField("last", JsonOutput.iso(t.lastMillis()));
        }
        g.writeNumberField("processes", t.processes());
        g.writeNumberField("zombies_seen", t.zombiesSeen());
        g.writeNumberField("peak_zombies", t.peakZombies());
        g.writeNumberField("store_bytes", bytes);
        g.writeArrayFieldStart("watched_dirs");
        if (dirs != null) for (Path d : dirs.paths()) g.writeString(d.toString());
        g.writeEndArray();
        g.writeNumberField("dir_samples", dirSamples);
        g.writeArrayFieldStart("top_memory");
        for (RecordingTally.MemoryUser u : t.topMemoryUsers(5)) {
            g.writeStartObject();
            g.writeNumberField("pid", u.key().pid());
            g.writeNumberField("rss_kib", u.peakRssKib());
            g.writeStringField("user", u.user());
            g.writeStringField("command", u.command());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        JsonOutput.finish(g, out);
    }
}
