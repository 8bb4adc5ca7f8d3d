package sexton.disk;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountedCompleter;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Walks one tree in parallel, never following symlinks and, when asked, staying on the root's file
 * system. A directory is listed by one task that hands its entries out in batches, so both cores stat
 * files even inside one huge spool directory. Memory stays bounded on a million files: each task keeps
 * totals, a per-owner map, the top files and the top directories of its own part, merged upward;
 * nothing holds the list of files, and a directory keeps at most a few batches of names in flight.
 */
public final class DirWalker {
    private static final long BLOCK = 4096;
    /** Names stat'ed by one task: large enough that forking costs nothing per file, small enough to share a directory. */
    private static final int BATCH = 512;
    /** Batches of one directory forked and not yet done: bounds the names held while listing outruns stat. */
    private static final int IN_FLIGHT = 4;
    private static final int MAX_DENIED_PATHS = 20;
    private static final Comparator<DirUsage.Entry> BY_BYTES = Comparator.comparingLong(DirUsage.Entry::bytes);

    /**
     * The uid, link count and device of a stat already made, read from the JDK's own stat record:
     * public NIO gives a uid only through the "unix:" attribute map (0.7 µs of parsing and boxing per
     * file, half of sexton's user time on a million files) or PosixFileAttributes.owner() (a getpwuid,
     * 5 µs, per file). Needs sun.nio.fs opened to us (the jar's Add-Opens); without it, or on a JDK
     * whose record differs, {@link #UNIX_ATTRS} is null and the map is used: same results, slower.
     */
    private static final Class<?> UNIX_ATTRS;
    private static final VarHandle ST_UID, ST_NLINK, ST_DEV, ST_MTIME_SEC, ST_MTIME_NSEC;

    static {
        Class<?> c = null;
        VarHandle uid = null, nlink = null, dev = null, mtimeSec = null, mtimeNsec = null;
        try {
            Class<?> k = Class.forName("sun.nio.fs.UnixFileAttributes");
            MethodHandles.Lookup l = MethodHandles.privateLookupIn(k, MethodHandles.lookup());
            uid = l.findVarHandle(k, "st_uid", int.class);
            nlink = l.findVarHandle(k, "st_nlink", int.class);
            dev = l.findVarHandle(k, "st_dev", long.class);
            mtimeSec = l.findVarHandle(k, "st_mtime_sec", long.class); // and no FileTime per file
            mtimeNsec = l.findVarHandle(k, "st_mtime_nsec", long.class);
            c = k;
        } catch (ReflectiveOperationException | RuntimeException e) {
            c = null; // not opened to us, or another JDK: the portable path
        }
        UNIX_ATTRS = c;
        ST_UID = uid;
        ST_NLINK = nlink;
        ST_DEV = dev;
        ST_MTIME_SEC = mtimeSec;
        ST_MTIME_NSEC = mtimeNsec;
    }

    /** Whether this JVM reads uids from the stat record (the fast path). */
    public static boolean fastStat() {
        return UNIX_ATTRS != null;
    }

    private final boolean fast;
    private final boolean oneFileSystem;
    private final int topFiles;
    private final IntFunction<String> userName;
    private final ForkJoinPool pool;
    /**
     * One stat per entry that also yields the owner's uid: the "unix" view is the only pure-Java source of
     * a uid without a getpwuid per file (PosixFileAttributes.owner()). dev only when -x needs it.
     */
    private final String attributes;

    public DirWalker(boolean oneFileSystem, int topFiles, IntFunction<String> userName, int parallelism) {
        this(oneFileSystem, topFiles, userName, parallelism, fastStat());
    }

    /** {@code fast} false forces the portable attribute map (tests compare both). */
    DirWalker(boolean oneFileSystem, int topFiles, IntFunction<String> userName, int parallelism, boolean fast) {
        this.fast = fast && fastStat();
        this.oneFileSystem = oneFileSystem;
        this.topFiles = topFiles;
        this.userName = userName;
        this.pool = new ForkJoinPool(Math.max(1, parallelism));
        this.attributes = oneFileSystem ? "unix:mode,size,uid,lastModifiedTime,nlink,dev" : "unix:mode,size,uid,lastModifiedTime,nlink";
    }

    /** Bounded largest-first keeper of entries: a min-heap of at most {@code keep}. */
    private static final class Top {
        final int keep;
        PriorityQueue<DirUsage.Entry> heap; // made on first use: most batches keep nothing

        Top(int keep) {
            this.keep = keep;
        }

        /** Whether an entry of this size would enter (so it is only built then). */
        boolean wouldKeep(long bytes) {
            return keep > 0 && (heap == null || heap.size() < keep || heap.peek().bytes() < bytes);
        }

        void offer(DirUsage.Entry e) {
            if (!wouldKeep(e.bytes())) return;
            if (heap == null) heap = new PriorityQueue<>(BY_BYTES);
            if (heap.size() == keep) heap.poll();
            heap.add(e);
        }

        void addAll(Top other) {
            if (other.heap != null) for (DirUsage.Entry e : other.heap) offer(e);
        }

        List<DirUsage.Entry> largestFirst() {
            List<DirUsage.Entry> out = heap == null ? new ArrayList<>() : new ArrayList<>(heap);
            out.sort(BY_BYTES.reversed().thenComparing(DirUsage.Entry::path)); // ties in a stable order
            return out;
        }
    }

    /** Totals of one part of the tree (a batch of names, a directory, a subtree). */
    private static final class Tally {
        long bytes, allocated, files, dirs, denied, vanished;
        long oldest = Long.MAX_VALUE, newest = Long.MIN_VALUE;
        final Map<Integer, long[]> owners = new HashMap<>(4);
        final Top topFiles;
        final Top topDirs;
        List<String> deniedPaths;
        private int lastUid = -1;
        private long[] lastOwner;

        Tally(Walk w) {
            topFiles = new Top(w.topFiles);
            topDirs = new Top(w.topDirs);
        }

        void add(Tally t) {
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
            topFiles.addAll(t.topFiles);
            topDirs.addAll(t.topDirs);
            if (t.deniedPaths != null) for (String p : t.deniedPaths) deny(p);
        }

        void deny(String path) {
            if (deniedPaths == null) deniedPaths = new ArrayList<>();
            if (deniedPaths.size() < MAX_DENIED_PATHS) deniedPaths.add(path);
        }

        /** The owner's {bytes, files}; files of one directory usually share an owner, so the last one is kept at hand. */
        long[] owner(int uid) {
            if (uid == lastUid && lastOwner != null) return lastOwner;
            lastUid = uid;
            lastOwner = owners.computeIfAbsent(uid, x -> new long[2]);
            return lastOwner;
        }
    }

    /** What one walk of one root shares among its tasks. */
    private final class Walk {
        final long dev;
        final int depth;
        final int topFiles = DirWalker.this.topFiles;
        final int topDirs;
        /** dev+ino of regular files with more than one link already counted: du counts an inode once. */
        final Set<Object> linked = ConcurrentHashMap.newKeySet();
        /**
         * A size no file at or below can enter the final top list: the smallest of a full top list of any
         * finished part. Batches start with empty lists, so without it each would build entries (and path
         * strings) for its first files.
         */
        volatile long fileFloor = -1;

        Walk(long dev, int depth, int topDirs) {
            this.dev = dev;
            this.depth = depth;
            this.topDirs = topDirs;
        }
    }

    /**
     * Lists one directory and hands its names out in batches. A completer, not a joined task: nobody
     * waits on a batch another thread stole, so neither core idles; the directory completes when its
     * batches and subdirectories have, and then merges its subtree's tally into its parent.
     */
    private final class DirTask extends CountedCompleter<Void> {
        final Walk walk;
        final Path dir;
        final int level; // 0 for the root
        /** This subtree, merged into under this task's lock as batches and subdirectories complete. */
        final Tally tally;
        final AtomicInteger inFlight = new AtomicInteger();

        DirTask(DirTask parent, Walk walk, Path dir, int level) {
            super(parent);
            this.walk = walk;
            this.dir = dir;
            this.level = level;
            this.tally = new Tally(walk);
            tally.dirs = 1;
        }

        @Override
        public void compute() {
            Tally here = new Tally(walk); // what this thread finds itself: errors and the last batch
            Path[] batch = new Path[BATCH];
            int n = 0;
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path p : entries) {
                    batch[n++] = p;
                    if (n < BATCH) continue;
                    if (inFlight.get() < IN_FLIGHT) {
                        inFlight.incrementAndGet();
                        addToPendingCount(1);
                        new StatTask(this, batch, n).fork();
                        batch = new Path[BATCH];
                    } else {
                        merge(stat(this, batch, n)); // listing outruns stat: stat this batch here, so names in flight stay few
                    }
                    n = 0;
                }
            } catch (NoSuchFileException e) {
                here.vanished++;
            } catch (AccessDeniedException e) {
                here.denied++;
                here.deny(dir.toString());
            } catch (IOException | DirectoryIteratorException e) {
                here.denied++;
                here.deny(dir + " (" + e.getMessage() + ")");
            }
            // stat'ed by full path, so the stream may be closed by now (a descriptor-relative fstatat measured no faster here)
            if (n > 0) here.add(stat(this, batch, n));
            merge(here);
            tryComplete();
        }

        synchronized void merge(Tally t) {
            tally.add(t);
        }

        @Override
        public void onCompletion(CountedCompleter<?> caller) {
            synchronized (this) {
                Top files = tally.topFiles;
                if (files.heap != null && files.heap.size() == files.keep && files.heap.peek().bytes() > walk.fileFloor) {
                    walk.fileFloor = files.heap.peek().bytes(); // a benign race: a lower floor only costs entries
                }
                if (level >= 1 && level <= walk.depth && tally.topDirs.wouldKeep(tally.bytes)) {
                    tally.topDirs.offer(new DirUsage.Entry(dir.toString(), tally.bytes, tally.files, tally.newest == Long.MIN_VALUE ? -1 : tally.newest));
                }
            }
            if (getCompleter() instanceof DirTask parent) parent.merge(tally);
        }
    }

    /** Stats one batch of a directory's names in another thread. */
    private final class StatTask extends CountedCompleter<Void> {
        private final DirTask owner;
        private final Path[] names;
        private final int n;

        StatTask(DirTask owner, Path[] names, int n) {
            super(owner);
            this.owner = owner;
            this.names = names;
            this.n = n;
        }

        @Override
        public void compute() {
            owner.merge(stat(owner, names, n));
            owner.inFlight.decrementAndGet();
            tryComplete();
        }
    }

    /** One entry's stat, as the walk needs it; one per batch, refilled for every name. */
    private static final class Stat {
        static final int OTHER = 0, DIRECTORY = 1, FILE = 2;
        int type, nlink, uid;
        long size, mtime, dev;
        /** dev+ino when the stat gave it (fast path); else null and taken by a second stat for hard links only. */
        Object fileKey;
    }

    /** Fills {@code st} for {@code p}: from the JDK's stat record when it can, else from the "unix:" map. */
    private void read(Path p, Stat st) throws IOException {
        if (fast) {
            PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (a.getClass() == UNIX_ATTRS) {
                st.type = a.isDirectory() ? Stat.DIRECTORY : a.isRegularFile() ? Stat.FILE : Stat.OTHER;
                st.size = a.size();
                st.mtime = (long) ST_MTIME_SEC.get(a) * 1000 + (long) ST_MTIME_NSEC.get(a) / 1_000_000; // and no FileTime per file
                st.uid = (int) ST_UID.get(a);
                st.nlink = (int) ST_NLINK.get(a);
                st.dev = (long) ST_DEV.get(a);
                st.fileKey = a.fileKey();
                return;
            }
            // not the default file system: nothing to read the uid from but the map
        }
        Map<String, Object> a = Files.readAttributes(p, attributes, LinkOption.NOFOLLOW_LINKS);
        int type = (Integer) a.get("mode") & 0170000;
        st.type = type == 0040000 ? Stat.DIRECTORY : type == 0100000 ? Stat.FILE : Stat.OTHER;
        st.size = (Long) a.get("size");
        st.mtime = ((FileTime) a.get("lastModifiedTime")).toMillis();
        st.uid = (Integer) a.get("uid");
        st.nlink = (Integer) a.get("nlink");
        st.dev = oneFileSystem ? (Long) a.get("dev") : 0;
        st.fileKey = null;
    }

    /** The regular files among {@code names} (of {@code owner}'s directory); each subdirectory becomes a task of its own. */
    private Tally stat(DirTask owner, Path[] names, int n) {
        Walk walk = owner.walk;
        Tally t = new Tally(walk);
        Stat st = new Stat();
        for (int i = 0; i < n; i++) {
            Path p = names[i];
            try {
                read(p, st);
            } catch (NoSuchFileException e) {
                t.vanished++; // deleted between the listing and the stat
                continue;
            } catch (AccessDeniedException e) {
                t.denied++;
                t.deny(p.toString());
                continue;
            } catch (IOException e) {
                t.vanished++;
                continue;
            }
            if (st.type == Stat.DIRECTORY) {
                if (oneFileSystem && st.dev != walk.dev) continue;
                owner.addToPendingCount(1);
                new DirTask(owner, walk, p, owner.level + 1).fork();
            } else if (st.type == Stat.FILE) { // symlinks, sockets and devices are not followed or counted
                if (st.nlink > 1 && !firstLink(walk, p, st.fileKey)) continue;
                long size = st.size, mtime = st.mtime;
                t.bytes += size;
                t.allocated += (size + BLOCK - 1) / BLOCK * BLOCK;
                t.files++;
                if (mtime < t.oldest) t.oldest = mtime;
                if (mtime > t.newest) t.newest = mtime;
                long[] o = t.owner(st.uid);
                o[0] += size;
                o[1]++;
                if (size > walk.fileFloor && t.topFiles.wouldKeep(size)) t.topFiles.offer(new DirUsage.Entry(p.toString(), size, 1, mtime));
            }
        }
        return t;
    }

    /**
     * Whether this is the first name of a hard-linked file seen (du counts an inode once); without a key
     * from the first stat, a second one gets it, paid only by such files.
     */
    private static boolean firstLink(Walk walk, Path p, Object fileKey) {
        Object key = fileKey;
        if (key == null) {
            try {
                key = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            } catch (IOException e) {
                return true; // gone or unreadable since the first stat: counted as it was then
            }
        }
        return key == null || walk.linked.add(key);
    }

    /** Walks {@code root}; the largest children are its immediate subdirectories (like {@code du -s root/*}). */
    public DirUsage walk(Path root, int topChildren) throws IOException {
        return walk(root, topChildren, 1);
    }

    /**
     * Walks {@code root}; the largest children are the {@code topChildren} largest directories at most
     * {@code depth} levels below it (like {@code du -d depth}, the root itself left out).
     */
    public DirUsage walk(Path root, int topChildren, int depth) throws IOException {
        Map<String, Object> ra = Files.readAttributes(root, "unix:mode,dev", LinkOption.NOFOLLOW_LINKS);
        if (((Integer) ra.get("mode") & 0170000) != 0040000) throw new IOException(root + " is not a directory");
        Walk w = new Walk((Long) ra.get("dev"), depth, topChildren);
        DirTask top = new DirTask(null, w, root, 0);
        pool.invoke(top);
        Tally total = top.tally;
        Map<String, DirUsage.Owner> owners = new TreeMap<>();
        total.owners.forEach((uid, v) -> owners.merge(ownerName(uid), new DirUsage.Owner(v[0], v[1]),
                (x, y) -> new DirUsage.Owner(x.bytes() + y.bytes(), x.files() + y.files())));
        return new DirUsage(root.toString(), total.bytes, total.allocated, total.files, total.dirs,
                total.oldest == Long.MAX_VALUE ? -1 : total.oldest, total.newest == Long.MIN_VALUE ? -1 : total.newest, owners,
                total.topDirs.largestFirst(), total.topFiles.largestFirst(), total.denied, total.vanished,
                total.deniedPaths == null ? List.of() : total.deniedPaths);
    }

    /** The owner's name, else its number (a uid the name source cannot name, even -1). */
    private String ownerName(int uid) {
        String name = userName.apply(uid);
        return name != null ? name : Integer.toUnsignedString(uid);
    }

    public void close() {
        pool.shutdownNow();
    }
}
