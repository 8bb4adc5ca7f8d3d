package sexton.record;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import sexton.model.KernelStats;
import sexton.model.LoadAverage;
import sexton.model.ProcState;
import sexton.model.ProcessInfo;
import sexton.model.ProcessKey;
import sexton.model.ProcessSample;
import sexton.model.ProcessStatus;
import sexton.model.Snapshot;
import sexton.model.SnapshotStats;
import sexton.model.SystemMemory;
import sexton.procfs.CgroupInfo;
import sexton.procfs.CgroupParser;
import sexton.procfs.CmdlineParser;
import sexton.procfs.HostConstants;
import sexton.procfs.OpenProcFile;
import sexton.procfs.ProcFs;
import sexton.procfs.StatFields;
import sexton.procfs.StatParser;
import sexton.procfs.StatusParser;
import sexton.procfs.UserNames;
import sexton.procfs.Wchan;

/**
 * Takes snapshots of the whole process table. Every sample reads each process's {@code stat} (and
 * {@code wchan} for D state); {@code cmdline}, {@code status} and {@code cgroup} are read when a new
 * (pid, start time) appears and then once every {@code refreshEvery} samples (cgroup every fourth time),
 * staggered by pid, since they rarely change and would double the cost of a sample.
 */
public final class Sampler implements AutoCloseable {
    /** Command lines longer than this are cut: enough for any command an admin reads in a table. */
    static final int CMDLINE_MAX = 8192;

    private final ProcFs fs;
    private final UserNames users;
    private final HostConstants constants;
    private final int refreshEvery;
    private final String root;
    private final byte[] statBuf = new byte[4096];
    private final byte[] bigBuf = new byte[CMDLINE_MAX];
    private final StatFields fields = new StatFields();
    private final ByteBuffer direct = ByteBuffer.allocateDirect(4096);
    private final int keepOpenMax;
    private int keptOpen;
    private final PidTable<Tracked> tracked = new PidTable<>(1024);
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long generation;
    private long identitiesSeen;
    private int slowDenied; // unreadable slow files in the snapshot being taken
    private long lastNanos;

    /** What the sampler remembers of a process between samples. */
    private static final class Tracked {
        final ProcessKey key;
        final String statPath;
        OpenProcFile statFile; // kept open from the second sighting on, while under the cap
        ProcessInfo info;
        ProcessStatus status;
        String user;
        long lastTicks;
        long seenGeneration;

        Tracked(ProcessKey key, String statPath) {
            this.key = key;
            this.statPath = statPath;
        }
    }

    public Sampler(ProcFs fs, UserNames users, int refreshEvery) {
        if (refreshEvery < 1) throw new IllegalArgumentException("refreshEvery must be at least 1");
        this.fs = fs;
        this.users = users;
        this.constants = fs.hostConstants();
        this.refreshEvery = refreshEvery;
        this.root = fs.rootString();
        long limit = fs.openFileLimit();
        // half the descriptor limit at most, and a few thousand: each kept file costs a page of kernel memory
        this.keepOpenMax = (int) Math.min(KEEP_OPEN_CAP, limit > 0 ? limit / 2 : 256);
    }

    /** Kept-open stat files at most; the processes beyond it are read with open, read, close. */
    static final int KEEP_OPEN_CAP = 4096;

    /** The live host: /proc, /etc/passwd, refreshing slow files every 30 samples. */
    public static Sampler system() {
        return new Sampler(ProcFs.system(), UserNames.system(), 30);
    }

    public HostConstants constants() { return constants; }

    /** Distinct (pid, start time) identities met since this sampler was made. */
    public long identitiesSeen() { return identitiesSeen; }

    /** The host's name as the kernel knows it, or "localhost" when unreadable. */
    public String hostName() {
        byte[] b = new byte[256];
        int n = fs.read(root + "/sys/kernel/hostname", b);
        String name = n > 0 ? new String(b, 0, n, java.nio.charset.StandardCharsets.UTF_8).trim() : "";
        return name.isEmpty() ? "localhost" : name;
    }

    /** Reads the host now. Never fails because a process vanished or a file was unreadable. */
    public Snapshot take() throws IOException {
        long cpu0 = threads.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        long now = System.currentTimeMillis();
        SystemMemory mem = fs.meminfo();
        KernelStats kernel = fs.kernelStats();
        LoadAverage load = fs.loadavg();
        int pidMax = fs.pidMax();
        int threadsMax = fs.threadsMax();
        double intervalSec = lastNanos == 0 ? 0 : (wall0 - lastNanos) / 1e9;
        long gen = ++generation;
        int[] pids = fs.listPids();
        List<ProcessSample> out = new ArrayList<>(pids.length);
        int vanished = 0;
        int denied = 0;
        slowDenied = 0;
        int ticksPerSec = constants.clockTicks();
        long memTotal = mem.totalKib();
        long pageKib = constants.pageSize() / 1024;
        for (int pid : pids) {
            Tracked t = tracked.get(pid);
            String statPath = t != null ? t.statPath : root + "/" + pid + "/stat";
            int n;
            if (t != null && t.statFile != null) {
                n = t.statFile.read(direct, statBuf);
                if (n < 0) { // that process is gone; the pid may already hold a new one
                    closeStatFile(t);
                    n = fs.readOnce(statPath, statBuf);
                }
            } else {
                n = fs.readOnce(statPath, statBuf);
            }
            if (n == ProcFs.DENIED) { denied++; continue; }
            if (n <= 0 || !StatParser.parse(statBuf, n, fields)) { vanished++; continue; }
            boolean fresh = t == null || t.key.startTicks() != fields.startTicks;
            if (fresh) {
                if (t != null) closeStatFile(t);
                t = new Tracked(new ProcessKey(pid, fields.startTicks), statPath);
                String comm = StatParser.comm(statBuf, fields);
                t.info = ProcessInfo.ofComm(comm);
                if (!readSlowFiles(t, comm, true, true)) { vanished++; continue; }
                tracked.put(pid, t);
                identitiesSeen++;
            } else {
                if (t.statFile == null && keptOpen < keepOpenMax) {
                    t.statFile = OpenProcFile.open(statPath);
                    if (t.statFile != null) keptOpen++;
                }
                long due = gen + pid;
                if (due % refreshEvery == 0 && !readSlowFiles(t, t.info.comm(), false, due % (4L * refreshEvery) == 0)) {
                    vanished++;
                    continue;
                }
            }
            ProcState state = ProcState.of(fields.state);
            String wchan = null;
            if (state == ProcState.DISK_SLEEP) {
                int w = fs.readPidFile(pid, "wchan", bigBuf);
                if (w == ProcFs.DENIED) denied++;
                else if (w > 0) wchan = Wchan.parse(bigBuf, w);
            }
            long ticks = fields.utime + fields.stime;
            double cpuPct;
            if (fresh || intervalSec <= 0) {
                // first sight: lifetime average, as ps computes %CPU
                double ageSec = now / 1000.0 - (kernel.bootTimeSec() + (double) fields.startTicks / ticksPerSec);
                cpuPct = ageSec > 0 ? 100.0 * ticks / ticksPerSec / ageSec : 0;
            } else {
                cpuPct = 100.0 * (ticks - t.lastTicks) / ticksPerSec / intervalSec;
            }
            t.lastTicks = ticks;
            t.seenGeneration = gen;
            long rssKib = fields.rssPages * pageKib;
            double memPct = memTotal > 0 ? 100.0 * rssKib / memTotal : 0;
            out.add(new ProcessSample(t.key, fields.ppid, fields.pgrp, fields.session, fields.ttyNr, state,
                    fields.utime, fields.stime, fields.numThreads, fields.vsizeBytes / 1024, rssKib, wchan,
                    cpuPct, memPct, t.user, t.info, t.status));
        }
        if (tracked.size() > out.size()) {
            tracked.retain(x -> {
                if (x.seenGeneration == gen) return true;
                closeStatFile(x);
                return false;
            });
        }
        lastNanos = wall0;
        SnapshotStats stats = new SnapshotStats(vanished, denied + slowDenied,
                threads.getCurrentThreadCpuTime() - cpu0, System.nanoTime() - wall0);
        return new Snapshot(now, mem, kernel, load, pidMax, threadsMax, out, stats);
    }

    private void closeStatFile(Tracked t) {
        if (t.statFile != null) {
            t.statFile.close();
            t.statFile = null;
            keptOpen--;
        }
    }

    /** Stat files currently kept open. */
    int keptOpen() { return keptOpen; }

    /** Closes the kept files. The sampler can still be used; it reopens them as it goes. */
    @Override
    public void close() {
        tracked.forEach(this::closeStatFile);
    }

    /**
     * Reads cmdline, status and cgroup of a process. Returns false when the process vanished meanwhile.
     * An unreadable file keeps what was known before (or the unknown value).
     */
    private boolean readSlowFiles(Tracked t, String comm, boolean first, boolean withCgroup) {
        int pid = t.key.pid();
        int n = fs.readPidFile(pid, "cmdline", bigBuf);
        if (n == ProcFs.MISSING) return false;
        if (n == ProcFs.DENIED) slowDenied++;
        String command = n >= 0 ? CmdlineParser.parse(bigBuf, n, comm) : t.info.command();
        n = fs.readPidFile(pid, "status", bigBuf);
        if (n == ProcFs.MISSING) return false;
        if (n == ProcFs.DENIED) slowDenied++;
        if (n >= 0) {
            ProcessStatus s = StatusParser.parse(bigBuf, n);
            t.status = s.equals(t.status) ? t.status : s;
        } else if (first) {
            t.status = ProcessStatus.UNKNOWN;
        }
        String unit = t.info.unit();
        String container = t.info.container();
        // a process changes cgroup rarely (moved by systemd or a container runtime): every fourth refresh
        n = withCgroup ? fs.readPidFile(pid, "cgroup", bigBuf) : 0;
        if (n == ProcFs.DENIED) slowDenied++;
        if (n > 0) {
            CgroupInfo cg = CgroupParser.parse(bigBuf, n);
            unit = cg.unit();
            container = cg.container();
        }
        ProcessInfo info = new ProcessInfo(comm, command, unit, container);
        if (!info.equals(t.info)) t.info = info;
        t.user = users.name(t.status.uid());
        return true;
    }
}
