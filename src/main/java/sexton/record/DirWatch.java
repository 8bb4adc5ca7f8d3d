package sexton.record;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntFunction;

import sexton.disk.DirUsage;
import sexton.disk.DirWalker;
import sexton.model.DirSample;

/**
 * Walks the watched directories every interval on a thread of its own, one core at most, so a big
 * spool never delays a process snapshot; the recorder drains the finished walks into the store
 * (the store has one writer). Each walk stays on the directory's file system, whose free space
 * is what the forecast is about.
 */
public final class DirWatch implements AutoCloseable {
    /** Child directories kept per sample: enough to name the one that grows. */
    static final int CHILDREN = 50;

    private final List<Path> paths;
    private final long intervalMillis;
    private final DirWalker walker;
    private final ConcurrentLinkedQueue<DirSample> done = new ConcurrentLinkedQueue<>();
    private final Set<Path> warned = new HashSet<>();
    private final Consumer<String> warn;
    private ScheduledExecutorService thread;

    public DirWatch(List<Path> paths, long intervalMillis, IntFunction<String> userName, Consumer<String> warn) {
        this.paths = List.copyOf(paths);
        this.intervalMillis = intervalMillis;
        this.walker = new DirWalker(true, 0, userName, 1);
        this.warn = warn;
    }

    public List<Path> paths() { return paths; }

    /** Starts walking now and then every interval. */
    public void start() {
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sexton-dirs");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
        thread.scheduleAtFixedRate(this::walkAll, 0, intervalMillis, TimeUnit.MILLISECONDS);
    }

    private void walkAll() {
        for (Path p : paths) {
            if (Thread.currentThread().isInterrupted()) return;
            try {
                long t = System.currentTimeMillis();
                DirUsage u = walker.walk(p, CHILDREN);
                done.add(sample(u, t, Files.getFileStore(p)));
                warned.remove(p);
            } catch (IOException | RuntimeException e) {
                if (warned.add(p)) warn.accept("cannot walk " + p + ": " + e.getMessage());
            }
        }
    }

    /** Hands the finished walks to {@code sink}, oldest first. */
    public void drainTo(Consumer<DirSample> sink) {
        DirSample d;
        while ((d = done.poll()) != null) sink.accept(d);
    }

    /** A walk as a sample: immediate children by their name; statvfs of the root's file system. */
    public static DirSample sample(DirUsage u, long timeMillis, FileStore fs) throws IOException {
        Map<String, DirSample.Usage> owners = new HashMap<>();
        u.byOwner().forEach((k, v) -> owners.put(k, new DirSample.Usage(v.bytes(), v.files())));
        Map<String, DirSample.Usage> children = new HashMap<>();
        String prefix = u.path().endsWith("/") ? u.path() : u.path() + "/";
        for (DirUsage.Entry c : u.largestChildren()) {
            String name = c.path().startsWith(prefix) ? c.path().substring(prefix.length()) : c.path();
            if (name.indexOf('/') >= 0) continue; // deeper ones (dirs --depth): recorded walks compare children one level down
            children.put(name, new DirSample.Usage(c.bytes(), c.files()));
        }
        return new DirSample(u.path(), timeMillis, u.bytes(), u.allocatedBytes(), u.files(), u.oldestMillis(), u.newestMillis(),
                fs.getTotalSpace(), fs.getUsableSpace(), u.denied(), u.vanished(), owners, children);
    }

    /** Stops walking: a walk in progress gets a few seconds to finish, then is abandoned (sampled next time). */
    @Override
    public void close() {
        if (thread != null) {
            thread.shutdown();
            try {
                if (!thread.awaitTermination(5, TimeUnit.SECONDS)) thread.shutdownNow();
            } catch (InterruptedException e) {
                thread.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        walker.close();
    }

    /** The paths as the store keys them: absolute, normalised, duplicates dropped. */
    public static List<Path> normalise(List<Path> paths) {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            Path n = p.toAbsolutePath().normalize();
            if (!out.contains(n)) out.add(n);
        }
        return out;
    }
}
