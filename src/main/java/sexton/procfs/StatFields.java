package sexton.procfs;

import sexton.model.ProcState;

/**
 * The fields of one {@code /proc/PID/stat} line that sexton uses. Mutable and reused across
 * processes so that the per-process hot path allocates nothing; copy what you keep. After a
 * failed {@link StatParser#parse} the contents are undefined.
 */
public final class StatFields {
    public int pid;
    /** Byte offset of the command name in the buffer that was parsed, and its length. */
    public int commStart;
    public int commLength;
    /** The state letter, field 3. */
    public char state;
    public int ppid;
    public int pgrp;
    public int session;
    public int ttyNr;
    public long minflt;
    public long majflt;
    /** CPU time in clock ticks. */
    public long utime;
    public long stime;
    public int numThreads;
    /** Start time in clock ticks after boot: with the pid, the identity of a process. */
    public long startTicks;
    public long vsizeBytes;
    /** Resident set in pages (0 for kernel threads and zombies). */
    public long rssPages;

    public ProcState procState() { return ProcState.of(state); }

    @Override
    public String toString() {
        return "StatFields[pid=" + pid + ", state=" + state + ", ppid=" + ppid + ", pgrp=" + pgrp + ", session="
                + session + ", ttyNr=" + ttyNr + ", minflt=" + minflt + ", majflt=" + majflt + ", utime=" + utime
                + ", stime=" + stime + ", numThreads=" + numThreads + ", startTicks=" + startTicks
                + ", vsizeBytes=" + vsizeBytes + ", rssPages=" + rssPages + "]";
    }
}
