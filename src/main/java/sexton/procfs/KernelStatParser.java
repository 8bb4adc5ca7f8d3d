package sexton.procfs;

import sexton.model.CpuTimes;
import sexton.model.KernelStats;

/**
 * {@code /proc/stat}: the aggregate {@code cpu } line and the {@code btime}, {@code processes},
 * {@code procs_running} and {@code procs_blocked} lines. Kernels before 2.6.11 print fewer cpu
 * columns (no steal; 2.4 not even iowait), read as 0. A missing scalar line is -1, a missing cpu
 * line {@link CpuTimes#ZERO}. The per-cpu and interrupt lines are skipped.
 */
public final class KernelStatParser {
    private static final byte[] CPU = AsciiCursor.ascii("cpu ");
    private static final byte[] BTIME = AsciiCursor.ascii("btime ");
    private static final byte[] PROCESSES = AsciiCursor.ascii("processes ");
    private static final byte[] PROCS_RUNNING = AsciiCursor.ascii("procs_running ");
    private static final byte[] PROCS_BLOCKED = AsciiCursor.ascii("procs_blocked ");

    private KernelStatParser() {
    }

    public static KernelStats parse(byte[] buf, int len) {
        CpuTimes cpu = CpuTimes.ZERO;
        long btime = -1, forks = -1, running = -1, blocked = -1;
        AsciiCursor c = new AsciiCursor(buf, len);
        for (; !c.atEnd(); c.nextLine()) {
            if (c.lookingAt(CPU)) {
                c.skip(CPU.length);
                // user nice system idle iowait irq softirq steal; guest columns are already in user.
                long[] t = new long[8];
                for (int k = 0; k < t.length; k++) {
                    long n = c.nextLong();
                    if (n == AsciiCursor.NONE) break;
                    t[k] = n;
                }
                cpu = new CpuTimes(t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7]);
            } else if (c.lookingAt(BTIME)) {
                btime = value(c, BTIME);
            } else if (c.lookingAt(PROCESSES)) {
                forks = value(c, PROCESSES);
            } else if (c.lookingAt(PROCS_RUNNING)) {
                running = value(c, PROCS_RUNNING);
            } else if (c.lookingAt(PROCS_BLOCKED)) {
                blocked = value(c, PROCS_BLOCKED);
            }
        }
        return new KernelStats(cpu, btime, forks, (int) running, (int) blocked);
    }

    private static long value(AsciiCursor c, byte[] key) {
        c.skip(key.length);
        long v = c.nextLong();
        return v == AsciiCursor.NONE ? -1 : v;
    }
}
