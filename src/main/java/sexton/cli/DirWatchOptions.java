package sexton.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine.Option;
import sexton.procfs.UserNames;
import sexton.record.DirWatch;

/** {@code --watch-dir PATH... --dir-interval D}: directories that record and serve walk at a slow cadence. */
final class DirWatchOptions {
    @Option(names = "--watch-dir", paramLabel = "PATH", arity = "1..*",
            description = "Also record the size of these directory trees (spools, logs), for 'sexton dirs' growth and forecasts.")
    List<Path> watchDirs = new ArrayList<>();

    @Option(names = "--dir-interval", paramLabel = "D", defaultValue = "5m", converter = DurationConverter.class,
            description = "Time between walks of the watched directories (default: ${DEFAULT-VALUE}).")
    long dirIntervalMillis;

    /** The watch asked for, or null when none; bad paths are usage errors. */
    DirWatch dirWatch() {
        if (watchDirs.isEmpty()) return null;
        if (dirIntervalMillis < 1000) throw new UsageError("--dir-interval must be at least 1s");
        for (Path p : watchDirs) {
            if (!Files.exists(p)) throw new UsageError("--watch-dir " + p + ": no such directory");
            if (!Files.isDirectory(p)) throw new UsageError("--watch-dir " + p + ": not a directory");
        }
        return new DirWatch(DirWatch.normalise(watchDirs), dirIntervalMillis, UserNames.system()::name,
                m -> System.err.println("sexton: " + Terminal.clean(m)));
    }
}
