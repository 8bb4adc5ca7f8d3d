package sexton.disk;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveTask;
import java.util.function.IntFunction;

/**
 * Walks one tree in parallel (a fork-join task per directory, so both cores stat files), never
 * following symlinks and, when asked, staying on the root's file system. Memory stays bounded on a
 * million files: each task keeps totals, a per-owner map and the top files of its own subtree, merged
 * upward; nothing holds the list of files.
 */
public final class DirWalker {
    private static final long BLOCK = 4096;

    private final boolean oneFileSystem;
    private final int topFiles;
    private final IntFunction<String> userName;
    private final ForkJoinPool pool;

    public DirWalker(boolean oneFileSystem, int topFiles, IntFunction<String> userName, int parallelism) {
        this.oneFileSystem = oneFileSystem;
        this.topFiles = topFiles;
        this.userName = userName;
        this.pool = new ForkJoinPool(Math.max(1, parallelism));
    }

    /** Totals of one subtree. */
    private static final class Tally {
        long bytes, allocated, files, dirs, denied, vanished;
        long oldest = Long.MAX_VALUE, newest = Long.MIN_VALUE;
        final Map<Integer, long[]> owners = new HashMap<>();
        final PriorityQueue<DirUsage.Entry> top = new PriorityQueue<>((a, b) -> Long.compare(a.bytes(), b.bytes()));
        final List<String> deniedPaths = new ArrayList<>();

        void add(Tally t, int keep) {
            bytes += t.bytes;
            allocated += t.allocated;
            files += t.files;
            dirs += t.dirs;
            denied += t.denied;
            vanished += t.vanished;
            oldest = Math.min(oldest, t.oldest);
            newest = Math.max(newest, t.newest);
            t.owners.forEach((k, v) -> {
                long[] o = owners.computeIfAbsent(k, x -> new long[2]);
                o[0] += v[0];
                o[1] += v[1];
            });
            for (DirUsage.Entry e : t.top) offer(e, keep);
            for (String p : t.deniedPaths) if (deniedPaths.size() < 20) deniedPaths.add(p);
        }

        /** Whether a file of this size would enter the top list (so its entry is only built then). */
        boolean wouldKeep(long size, int keep) {
            return keep > 0 && (top.size() < keep || top.peek().bytes() < size);
        }

        /** The owner's {bytes, files}; files of one directory usually share an owner, so the last one is kept at hand. */
        long[] owner(int uid) {
            if (uid == lastUid && lastOwner != null) return lastOwner;
            lastUid = uid;
            lastOwner = owners.computeIfAbsent(uid, x -> new long[2]);
            return lastOwner;
        }

        private int lastUid = -1;
        private long[] lastOwner;

        void offer(DirUsage.Entry e, int keep) {
            if (keep <= 0) return;
            if (top.size() < keep) top.add(e);
            else if (top.peek().bytes() < e.bytes()) {
                top.poll();
                top.add(e);
            }
        }
    }

    private final class Walk extends RecursiveTask<Tally> {
        private final Path dir;
        private final Object dev;

        Walk(Path dir, Object dev) {
            this.dir = dir;
            this.dev = dev;
        }

        @Override
        protected Tally compute() {
            Tally t = new Tally();
            t.dirs = 1;
            List<Walk> subs = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path p : entries) {
                    Map<String, Object> a;
                    try {
                        a = Files.readAttributes(p, "unix:mode,size,uid,dev,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
                    } catch (NoSuchFileException e) {
                        t.vanished++; // deleted between the listing and the stat
                        continue;
                    } catch (AccessDeniedException e) {
                        t.denied++;
                        if (t.deniedPaths.size() < 20) t.deniedPaths.add(p.toString());
                        continue;
                    } catch (IOException e) {
                        t.vanished++;
                        continue;
                    }
                    int mode = (Integer) a.get("mode");
                    int type = mode & 0170000;
                    if (type == 0040000) { // directory
                        if (oneFileSystem && !a.get("dev").equals(dev)) continue;
                        Walk w = new Walk(p, dev);
                        w.fork();
                        subs.add(w);
                    } else if (type == 0100000) { // regular file; symlinks, sockets and devices are not followed or counted
                        long size = (Long) a.get("size");
                        long mtime = ((java.nio.file.attribute.FileTime) a.get("lastModifiedTime")).toMillis();
                        int uid = (Integer) a.get("uid");
                        t.bytes += size;
                        t.allocated += (size + BLOCK - 1) / BLOCK * BLOCK;
                        t.files++;
                        t.oldest = Math.min(t.oldest, mtime);
                        t.newest = Math.max(t.newest, mtime);
                        long[] o = t.owner(uid);
                        o[0] += size;
                        o[1]++;
                        if (t.wouldKeep(size, topFiles)) t.offer(new DirUsage.Entry(p.toString(), size, 1, mtime), topFiles);
                    }
                }
            } catch (NoSuchFileException e) {
                t.vanished++;
            } catch (AccessDeniedException e) {
                t.denied++;
                t.deniedPaths.add(dir.toString());
            } catch (IOException | java.nio.file.DirectoryIteratorException e) {
                t.denied++;
                t.deniedPaths.add(dir + " (" + e.getMessage() + ")");
            }
            for (Walk w : subs) t.add(w.join(), topFiles);
            return t;
        }
    }

    /** Walks {@code root}; the largest children are its immediate subdirectories (like {@code du -s root/*}). */
    public DirUsage walk(Path root, int topChildren) throws IOException {
        Map<String, Object> ra = Files.readAttributes(root, "unix:mode,dev", LinkOption.NOFOLLOW_LINKS);
        if (((Integer) ra.get("mode") & 0170000) != 0040000) throw new IOException(root + " is not a directory");
        Object dev = ra.get("dev");
        // the children one by one, so each can be reported; inside each, the fork-join walk
        Tally total = new Tally();
        total.dirs = 1;
        List<DirUsage.Entry> children = Collections.synchronizedList(new ArrayList<>());
        Tally direct = pool.invoke(new RecursiveTask<Tally>() {
            @Override
            protected Tally compute() {
                Tally own = new Tally();
                List<Map.Entry<Path, Walk>> subs = new ArrayList<>();
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
                    for (Path p : entries) {
                        try {
                            Map<String, Object> a = Files.readAttributes(p, "unix:mode,dev", LinkOption.NOFOLLOW_LINKS);
                            if (((Integer) a.get("mode") & 0170000) == 0040000 && (!oneFileSystem || a.get("dev").equals(dev))) {
                                Walk w = new Walk(p, dev);
                                w.fork();
                                subs.add(Map.entry(p, w));
                            }
                        } catch (IOException e) {
                            // counted by the file pass below or gone
                        }
                    }
                } catch (IOException e) {
                    own.denied++;
                    own.deniedPaths.add(root.toString());
                }
                own.add(filesOnly(root), topFiles); // the root's own files
                for (Map.Entry<Path, Walk> e : subs) {
                    Tally t = e.getValue().join();
                    children.add(new DirUsage.Entry(e.getKey().toString(), t.bytes, t.files, t.newest == Long.MIN_VALUE ? -1 : t.newest));
                    own.add(t, topFiles);
                }
                return own;
            }
        });
        total.add(direct, topFiles);
        children.sort((a, b) -> Long.compare(b.bytes(), a.bytes()));
        List<DirUsage.Entry> largestFiles = new ArrayList<>(total.top);
        largestFiles.sort((a, b) -> Long.compare(b.bytes(), a.bytes()));
        Map<String, DirUsage.Owner> owners = new java.util.TreeMap<>();
        total.owners.forEach((uid, v) -> owners.merge(userName.apply(uid), new DirUsage.Owner(v[0], v[1]),
                (x, y) -> new DirUsage.Owner(x.bytes() + y.bytes(), x.files() + y.files())));
        return new DirUsage(root.toString(), total.bytes, total.allocated, total.files, total.dirs, total.oldest == Long.MAX_VALUE ? -1 : total.oldest,
                total.newest == Long.MIN_VALUE ? -1 : total.newest, owners, children.subList(0, Math.min(topChildren, children.size())),
                largestFiles, total.denied, total.vanished, total.deniedPaths);
    }

    /** The regular files directly in {@code dir}, not its subdirectories. */
    private Tally filesOnly(Path dir) {
        Tally t = new Tally();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                try {
                    Map<String, Object> a = Files.readAttributes(p, "unix:mode,size,uid,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
                    if (((Integer) a.get("mode") & 0170000) != 0100000) continue;
                    long size = (Long) a.get("size");
                    long mtime = ((java.nio.file.attribute.FileTime) a.get("lastModifiedTime")).toMillis();
                    t.bytes += size;
                    t.allocated += (size + BLOCK - 1) / BLOCK * BLOCK;
                    t.files++;
                    t.oldest = Math.min(t.oldest, mtime);
                    t.newest = Math.max(t.newest, mtime);
                    long[] o = t.owner((Integer) a.get("uid"));
                    o[0] += size;
                    o[1]++;
                    if (t.wouldKeep(size, topFiles)) t.offer(new DirUsage.Entry(p.toString(), size, 1, mtime), topFiles);
                } catch (NoSuchFileException e) {
                    t.vanished++;
                } catch (IOException e) {
                    t.denied++;
                }
            }
        } catch (IOException e) {
            t.denied++;
        }
        return t;
    }

    public void close() {
        pool.shutdownNow();
    }
}
