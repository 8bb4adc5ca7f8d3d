package sexton.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileStore;
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
import sexton.disk.DirUsage;
import sexton.disk.DirWalker;
import sexton.procfs.UserNames;

/** Directories that fill disks: size, files, owners, largest children and files. */
@Command(name = "dirs", mixinStandardHelpOptions = true,
        description = {"Show what fills the directories that grow: spools, logs, crash dumps, temporary files.",
                "Per directory: apparent and allocated bytes (allocated rounds each file up to 4 KiB blocks), files, oldest and newest file, bytes and files per owner (files owned by root escape per-user quotas), the largest subdirectories (like du -s DIR/*) and the largest files with their age. Walks in parallel, never follows symlinks; files that vanish or cannot be read are counted, not fatal.",
                "Default paths: those of /var/spool/* (mail queues included), /var/log, /var/crash, /tmp, /var/tmp, core dump and container log directories that exist."})
final class DirsCommand implements Callable<Integer> {
    static final List<String> DEFAULTS = List.of("/var/spool/mqueue", "/var/spool/postfix/deferred", "/var/spool/exim4/input",
            "/var/spool", "/var/log", "/var/crash", "/tmp", "/var/tmp", "/var/lib/systemd/coredump", "/var/lib/docker/containers");

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

    @Override
    public Integer call() throws Exception {
        if (depth < 1 || depth > 10) throw new UsageError("--depth must be between 1 and 10");
        if (top < 1 || top > 1000) throw new UsageError("--top must be between 1 and 1000");
        List<Path> roots = new ArrayList<>();
        if (paths.isEmpty()) {
            for (String d : DEFAULTS) if (Files.isDirectory(Path.of(d))) roots.add(Path.of(d));
        } else {
            for (Path p : paths) {
                if (!Files.exists(p)) throw new UsageError(p + ": no such directory");
                if (!Files.isDirectory(p)) throw new UsageError(p + ": not a directory");
                roots.add(p);
            }
        }
        UserNames users = UserNames.system();
        DirWalker walker = new DirWalker(oneFileSystem, top, uid -> {
            String n = users.name(uid);
            return n != null ? n : Integer.toString(uid);
        }, Runtime.getRuntime().availableProcessors());
        List<DirUsage> out = new ArrayList<>();
        try {
            for (Path r : roots) out.add(walker.walk(r, top, depth));
        } finally {
            walker.close();
        }
        if (json) writeJson(out);
        else writeText(out);
        return Main.OK;
    }

    private static String human(long bytes) {
        return Terminal.human(bytes / 1024);
    }

    private static String age(long mtime) {
        return mtime < 0 ? "-" : ZombiesCommand.age(System.currentTimeMillis() - mtime);
    }

    private void writeText(List<DirUsage> dirs) throws IOException {
        PrintStream o = System.out;
        for (DirUsage d : dirs) {
            FileStore fs = Files.getFileStore(Path.of(d.path()));
            o.printf(Locale.ROOT, "%s: %s in %,d files (%s allocated), oldest %s, newest %s; file system %s free of %s%s%n",
                    Terminal.clean(d.path()), human(d.bytes()), d.files(), human(d.allocatedBytes()), age(d.oldestMillis()), age(d.newestMillis()),
                    human(fs.getUsableSpace()), human(fs.getTotalSpace()),
                    d.denied() + d.vanished() > 0 ? String.format(Locale.ROOT, "; %d unreadable, %d vanished", d.denied(), d.vanished()) : "");
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

    private void writeJson(List<DirUsage> dirs) throws IOException {
        JsonGenerator g = JsonOutput.to(System.out);
        g.writeStartObject();
        g.writeArrayFieldStart("dirs");
        for (DirUsage d : dirs) {
            FileStore fs = Files.getFileStore(Path.of(d.path()));
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
            g.writeNullField("growth_bytes_per_hour"); // needs history: record --watch-dir is not built yet
            g.writeNullField("fs_full_at");
            g.writeNumberField("fs_free_bytes", fs.getUsableSpace());
            g.writeNumberField("fs_total_bytes", fs.getTotalSpace());
            g.writeNumberField("unreadable", d.denied());
            g.writeNumberField("vanished", d.vanished());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        JsonOutput.finish(g, System.out);
    }
}
