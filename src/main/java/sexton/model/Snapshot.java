package sexton.model;

import java.util.List;

/**
 * The host at one instant: wall-clock time (epoch ms), memory, kernel counters, limits, and every
 * process readable at that moment, ordered by pid.
 */
public record Snapshot(long timeMillis, SystemMemory memory, KernelStats kernel, LoadAverage load, int pidMax,
                       int threadsMax, List<ProcessSample> processes, SnapshotStats stats) {
    public Snapshot {
        processes = List.copyOf(processes);
    }

    public long zombieCount() {
        long n = 0;
        for (ProcessSample p : processes) if (p.isZombie()) n++;
        return n;
    }
}
