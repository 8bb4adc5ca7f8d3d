package sexton.procfs;

import sexton.model.MemoryLimits;
import sexton.model.ProcessKey;

/**
 * Reads the memory ceilings of live processes: {@code /proc/PID/limits} and the cgroup files under
 * the cgroup root (v2 {@code memory.max}, v1 {@code memory/…/memory.limit_in_bytes}). A process is
 * read only when the pid still holds the same identity (its start ticks match), so a reused pid
 * never lends its limits to the history of another program.
 */
public final class MemoryLimitsReader {
    private final ProcFs fs;
    private final String cgroupRoot;
    private final byte[] buf = new byte[8192];
    private final StatFields stat = new StatFields();

    public MemoryLimitsReader(ProcFs fs, String cgroupRoot) {
        this.fs = fs;
        this.cgroupRoot = cgroupRoot;
    }

    public static MemoryLimitsReader system() {
        return new MemoryLimitsReader(ProcFs.system(), "/sys/fs/cgroup");
    }

    /** The process's limits, or {@link MemoryLimits#NONE} when it is gone or is another process now. */
    public MemoryLimits read(ProcessKey key) {
        int n = fs.readPidFile(key.pid(), "stat", buf);
        if (n <= 0 || !StatParser.parse(buf, n, stat) || stat.startTicks != key.startTicks()) return MemoryLimits.NONE;
        long as = LimitsParser.addressSpaceKib(buf, fs.readPidFile(key.pid(), "limits", buf));
        long cg = -1;
        n = fs.readPidFile(key.pid(), "cgroup", buf);
        if (n > 0) {
            CgroupInfo info = CgroupParser.parse(buf, n);
            if (info.path() != null) {
                String path = info.path().equals("/") ? "" : info.path();
                cg = LimitsParser.cgroupLimitKib(buf, fs.read(cgroupRoot + path + "/memory.max", buf));
                if (cg < 0) cg = LimitsParser.cgroupLimitKib(buf, fs.read(cgroupRoot + "/memory" + path + "/memory.limit_in_bytes", buf));
            }
        }
        return new MemoryLimits(cg, as);
    }
}
