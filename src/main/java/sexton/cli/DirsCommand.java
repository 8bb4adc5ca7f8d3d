package sexton.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonGenerator;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sexton.analysis.DirGrowth;
import sexton.disk.DirUsage;
import sexton.disk.DirWalker;
import sexton.model.DirSample;
import sexton.procfs.UserNames;
import sexton.record.DirWatch;
import sexton.record.Sampler;
import sexton.store.HostRow;
import sexton.store.Store;

/** Directories that fill disks: size, files, owners, largest children and files. */
@Command(name = "dirs", mixinStandardHelpOptions = true,
        description = {"Show what fills the directories that grow: spools, logs, crash dumps, temporary files.",
                "Per directory: apparent and allocated bytes (allocated rounds each file up to 4 KiB blocks), files, oldest and newest file, bytes and files per owner (files owned by root escape per-user quotas), the largest subdirectories (like du -s DIR/*) and the largest files with their age. Walks in parallel, never follows symlinks; files that vanish or cannot be read are counted, not fatal.",
                "Default paths: those of /var/spool/* (mail queues included), /var/log, /var/crash, /tmp, /var/tmp, core dump and container log directories that exist, and every directory 'sexton record --watch-dir' records.",
                "With history (record --watch-dir PATH, a walk every 5 min): growth verdict as for leaks, bytes per hour, and when the file system is full at that rate.",
                "Exit 0, or 1 when a directory grows."})
final class DirsCommand implements Callable<Integer> {
    /** Besides each directory of /var/spool: mail queues deeper down, logs, crash and core dumps, temporary files, container logs. */
    static final List<String> DEFAULTS = List.of("/var/spool/postfix/deferred", "/var/spool/exim4/input", "/var/log", "/var/crash",
            "/tmp", "/var/tmp", "/var/lib/systemd/coredump", "/var/lib/apport/coredump", "/var/lib/docker/containers", "/var/log/pods",
            "/var/lib/containers/storage/overlay-containers");

    @Parameters(paramLabel = "PATH", arity = "0..*", description = "Directories to look at (default: the usual spools and logs).")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--depth", paramLabel = "N", defaultValue = "1", description = "List the largest subdirectories down to N levels below each PATH, like du -d N (1-10, default: ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--top", paramLabel = "N", defaultValue = "20", description = "Largest subdirectories and files to list (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = {"-x", "--one-file-system"}, description = "Stay on the file system of each PATH.")
    boolean oneFileSystem;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @picocli.CommandLine.Mixin
    StoreOptions store = new StoreOptions();

    @picocli.CommandLine.Mixin
    WindowOptions window = new WindowOptions();

    @Override
    public Integer call() throws Exception {
        if (depth < 1 || depth > 10) throw new UsageError("--depth must be between 1 and 10");
        if (top < 1 || top > 1000) throw new UsageError("--top must be between 1 and 1000");
        List<Path> roots = new ArrayList<>();
        History history = History.open(store, window);
        if (paths.isEmpty()) {
            roots.addAll(defaultRoots(Path.of("/"), history.watched()));
        } else {
            for (Path p : paths) {
                if (!Files.exists(p)) throw new UsageError(p + ": no such directory");
                if (!Files.isDirectory(p)) throw new UsageError(p + ": not a directory");
                roots.add(p.toAbsolutePath().normalize());
            }
        }
        DirWalker walker = new DirWalker(oneFileSystem, top, UserNames.system()::name, Runtime.getRuntime().availableProcessors());
        List<Judged> out = new ArrayList<>();
        try {
            for (Path r : roots) {
                long t = System.currentTimeMillis();
                DirUsage u = walker.walk(r, top, depth);
                out.add(new Judged(u, history.judge(DirWatch.sample(u, t, Files.getFileStore(r)))));
            }
        } finally {
            walker.close();
            history.close();
        }
        // the defaults, largest first; what was asked for, in the order asked
        if (paths.isEmpty()) out.sort(java.util.Comparator.comparingLong((Judged j) -> j.usage().bytes()).reversed());
        if (json) writeJson(out, history.note());
        else writeText(out, history.note());
        return out.stream().anyMatch(j -> j.growth().growing()) ? Main.FINDINGS : Main.OK;
    }

    /** One directory walked now, and judged with its history (whose last walk is this one, with the file system's figures). */
    private record Judged(DirUsage usage, DirGrowth.Result growth) {
    }

    /**
     * The default directories under {@code root} ("/" but for tests): each directory of /var/spool,
     * then {@link #DEFAULTS}, the directory core_pattern writes to, and the watched ones; those that
     * exist, once each.
     */
    static List<Path> defaultRoots(Path root, List<String> watched) {
        java.util.LinkedHashSet<Path> out = new java.util.LinkedHashSet<>();
        Path spool = root.resolve("var/spool");
        if (Files.isDirectory(spool, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try (var s = Files.list(spool)) {
                s.filter(p -> Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).sorted().forEach(out::add);
            } catch (IOException | java.io.UncheckedIOException e) {
                out.add(spool);
            }
        }
        List<String> more = new ArrayList<>(DEFAULTS);
        try {
            String pattern = Files.readString(root.resolve("proc/sys/kernel/core_pattern")).trim();
            // a plain path: cores go to its directory (a pipe hands them to systemd-coredump or apport, listed above)
            if (pattern.startsWith("/") && pattern.lastIndexOf('/') > 0) more.add(pattern.substring(0, pattern.lastIndexOf('/')));
        } catch (IOException | RuntimeException e) {
            // no core_pattern to read: the usual directories stand
        }
        more.addAll(watched);
        for (String d : more) {
            Path p = root.resolve(d.startsWith("/") ? d.substring(1) : d);
            if (d.indexOf('%') < 0 && Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) out.add(p.normalize());
        }
        return new ArrayList<>(out);
    }

    /** The store's walks of watched directories, when there is a store; judged with the walk just made. */
    private static final class History implements AutoCloseable {
        private final Store store;
        private final HostRow host;
        private final long[] window;
        private final String note;

        private History(Store store, HostRow host, long[] window, String note) {
            this.store = store;
            this.host = host;
            this.window = window;
            this.note = note;
        }

        static History open(StoreOptions options, WindowOptions window) throws IOException {
            Path path = options.path();
            if (!Files.exists(path)) {
                if (options.db != null) throw new UsageError("no store at " + path);
                return new History(null, null, null, "no history: record it with 'sexton record --watch-dir PATH'");
            }
            boolean asked = options.db != null || options.host != null;
            Store s;
            try {
                s = Store.openReadOnly(path);
            } catch (RuntimeException e) {
                if (asked) throw e;
                // the default store is only a bonus here: the walk itself needs none
                return new History(null, null, null, "no history: " + e.getMessage());
            }
            try {
                String local;
                try (Sampler sampler = Sampler.system()) {
                    local = sampler.hostName();
                }
                List<HostRow> hosts = s.hosts();
                if (hosts.isEmpty()) {
                    s.close();
                    return new History(null, null, null, "no history in " + path);
                }
                HostRow host;
                try {
                    host = options.pickHost(s, local);
                } catch (UsageError e) {
                    if (asked) throw e;
                    s.close();
                    return new History(null, null, null, "no history of this host in " + path);
                }
                long last = s.lastTime(host.id()).orElse(System.currentTimeMillis());
                return new History(s, host, window.window(last), null);
            } catch (RuntimeException e) {
                s.close();
                throw e;
            }
        }

        List<String> watched() {
            return store == null ? List.of() : store.watchedDirs(host.id());
        }

        /** The directory's recorded walks plus {@code now}, judged (insufficient data without history). */
        DirGrowth.Result judge(DirSample now) {
            List<DirSample> walks = new ArrayList<>();
            if (store != null) {
                for (DirSample d : store.dirSeries(host.id(), now.path(), window[0], window[1])) {
                    if (d.timeMillis() < now.timeMillis()) walks.add(d);
                }
            }
            walks.add(now);
            return DirGrowth.judge(walks);
        }

        String note() { return note; }

        @Override
        public void close() {
            if (store != null) store.close();
        }
    }

    private static String human(long bytes) {
        return Terminal.human(bytes / 1024);
    }

    private static String age(long mtime) {
        return mtime < 0 ? "-" : ZombiesCommand.age(System.currentTimeMillis() - mtime);
    }

    private void writeText(List<Judged> dirs, String note) {
        PrintStream o = System.out;
        for (Judged j : dirs) {
            DirUsage d = j.usage();
            DirGrowth.Result g = j.growth();
            DirSample now = g.latest();
            o.printf(Locale.ROOT, "%s: %s in %,d files (%s allocated), oldest %s, newest %s; file system %s free of %s%s%n",
                    Terminal.clean(d.path()), human(d.bytes()), d.files(), human(d.allocatedBytes()), age(d.oldestMillis()), age(d.newestMillis()),
                    human(now.fsAvailBytes()), human(now.fsSizeBytes()),
                    d.denied() + d.vanished() > 0 ? String.format(Locale.ROOT, "; %d unreadable, %d vanished", d.denied(), d.vanished()) : "");
            if (g.samples() > 1) {
                o.printf(Locale.ROOT, "  growth: %s (%d walks since %s)%s%n", Terminal.clean(DirGrowth.describe(g)), g.samples(),
                        JsonOutput.iso(g.firstMillis()), g.fsFullAtMillis() != null ? "; file system full about "
                                + JsonOutput.iso(g.fsFullAtMillis()) + " (in " + ZombiesCommand.age(g.fsFullAtMillis() - System.currentTimeMillis()) + ")" : "");
            } else {
                o.println("  growth: " + (note != null ? Terminal.clean(note)
                        : "no history (record it with 'sexton record --watch-dir " + Terminal.clean(d.path()) + "')"));
            }
            for (Map.Entry<String, DirUsage.Owner> e : d.byOwner().entrySet()) {
                o.printf(Locale.ROOT, "  owner %-12s %9s in %,d files%n", Terminal.clean(e.getKey()), human(e.getValue().bytes()), e.getValue().files());
            }
            for (DirUsage.Entry c : d.largestChildren()) {
                o.printf(Locale.ROOT, "  dir   %9s %,9d files  %s%n", human(c.bytes()), c.files(), Terminal.clean(c.path()));
            }
            for (DirUsage.Entry f : d.largestFiles()) {
                o.printf(Locale.ROOT, "  file  %9s  %-10s %s%n", human(f.bytes()), age(f.mtimeMillis()), Terminal.clean(f.path()));
            }
        }
        o.flush();
    }

    private void writeJson(List<Judged> dirs, String note) throws IOException {
        JsonGenerator g = JsonOutput.to(System.out);
        g.writeStartObject();
        g.writeArrayFieldStart("dirs");
        for (Judged j : dirs) {
            DirUsage d = j.usage();
            DirGrowth.Result r = j.growth();
            g.writeStartObject();
            g.writeStringField("path", d.path());
            g.writeNumberField("bytes", d.bytes());
            g.writeNumberField("allocated_bytes", d.allocatedBytes());
            g.writeNumberField("files", d.files());
            g.writeNumberField("dirs", d.dirs());
            if (d.oldestMillis() >= 0) g.writeStringField("oldest", JsonOutput.iso(d.oldestMillis()));
            else g.writeNullField("oldest");
            if (d.newestMillis() >= 0) g.writeStringField("newest", JsonOutput.iso(d.newestMillis()));
            else g.writeNullField("newest");
            g.writeObjectFieldStart("by_owner");
            for (Map.Entry<String, DirUsage.Owner> e : d.byOwner().entrySet()) {
                g.writeObjectFieldStart(e.getKey());
                g.writeNumberField("bytes", e.getValue().bytes());
                g.writeNumberField("files", e.getValue().files());
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeArrayFieldStart("largest_children");
            for (DirUsage.Entry c : d.largestChildren()) {
                g.writeStartObject();
                g.writeStringField("path", c.path());
                g.writeNumberField("bytes", c.bytes());
                g.writeNumberField("files", c.files());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("largest_files");
            for (DirUsage.Entry f : d.largestFiles()) {
                g.writeStartObject();
                g.writeStringField("path", f.path());
                g.writeNumberField("bytes", f.bytes());
                g.writeStringField("modified", JsonOutput.iso(f.mtimeMillis()));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeStringField("verdict", r.label());
            g.writeNumberField("history_walks", r.samples() - 1);
            if (r.samples() > 1) g.writeStringField("history_from", JsonOutput.iso(r.firstMillis()));
            else g.writeNullField("history_from");
            if (r.bytesPerHour() != null) g.writeNumberField("growth_bytes_per_hour", Math.round(r.bytesPerHour()));
            else g.writeNullField("growth_bytes_per_hour");
            if (r.fsFullAtMillis() != null) g.writeStringField("fs_full_at", JsonOutput.iso(r.fsFullAtMillis()));
            else g.writeNullField("fs_full_at");
            g.writeStringField("growth_reason", r.samples() > 1 ? r.trend().reason() : note != null ? note : "no history");
            if (r.growingChild() != null && r.growing()) g.writeStringField("growing_child", r.growingChild());
            if (r.growingOwner() != null && r.growing()) g.writeStringField("growing_owner", r.growingOwner());
            g.writeNumberField("fs_free_bytes", r.latest().fsAvailBytes());
            g.writeNumberField("fs_total_bytes", r.latest().fsSizeBytes());
            g.writeNumberField("unreadable", d.denied());
            g.writeNumberField("vanished", d.vanished());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        JsonOutput.finish(g, System.out);
    }
}
