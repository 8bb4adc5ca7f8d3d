package sexton.model;

/**
 * One process at one snapshot. Sizes are KiB. {@code wchan} is set only for processes in
 * {@link ProcState#DISK_SLEEP} (null otherwise or when unreadable). {@code cpuPct} is CPU over
 * the interval since the previous sample of the same process (over its lifetime, as ps does, for
 * its first sample); {@code memPct} is RSS over MemTotal. {@code user} is null when unknown.
 */
public record ProcessSample(ProcessKey key, int ppid, int pgrp, int session, int ttyNr, ProcState state,
                            long utimeTicks, long stimeTicks, int numThreads, long vsizeKib, long rssKib,
                            String wchan, double cpuPct, double memPct, String user, ProcessInfo info,
                            ProcessStatus status) {
    public int pid() { return key.pid(); }

    public boolean isZombie() { return state == ProcState.ZOMBIE; }

    public long cpuTicks() { return utimeTicks + stimeTicks; }
}
