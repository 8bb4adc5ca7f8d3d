package sexton.store;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import sexton.model.CpuTimes;
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

/**
 * Seeded synthetic snapshots with what real hosts have: zombies, D state with wchan, changing command
 * lines, processes ending and pids being reused by new processes.
 */
final class SyntheticHost {
    static final long BOOT = 1_763_000_000L;
    private final SplittableRandom r;
    private final List<ProcessSample> live = new ArrayList<>();
    private int nextPid = 2;
    long t;

    SyntheticHost(long seed, int processes, long startMillis) {
        r = new SplittableRandom(seed);
        t = startMillis;
        for (int i = 0; i < processes; i++) live.add(fresh(nextPid++, 100 + i));
    }

    private ProcessSample fresh(int pid, long startTicks) {
        String comm = "proc" + pid;
        ProcessInfo info = new ProcessInfo(comm, "/usr/bin/" + comm + " --id " + pid, r.nextBoolean() ? comm + ".service" : null,
                r.nextInt(10) == 0 ? "docker:0123456789ab" : null);
        return new ProcessSample(new ProcessKey(pid, startTicks), 1, pid, pid, 0, ProcState.SLEEPING, r.nextInt(1000),
                r.nextInt(100), 1 + r.nextInt(8), 10_000 + r.nextInt(100_000), 1_000 + r.nextInt(50_000), null, 0, 0,
                r.nextBoolean() ? "root" : null, info, r.nextInt(5) == 0 ? ProcessStatus.UNKNOWN
                : new ProcessStatus(r.nextInt(2000), 0, r.nextInt(100), r.nextInt(5000), r.nextInt(5000), 0));
    }

    /** The next snapshot, 10 s later. */
    Snapshot next() {
        t += 10_000;
        for (int i = 0; i < live.size(); i++) {
            ProcessSample p = live.get(i);
            int roll = r.nextInt(100);
            if (roll < 2) { // ends; half the time its pid is reused at once by a new process
                live.set(i, fresh(r.nextBoolean() ? p.pid() : nextPid++, p.key().startTicks() + 5000 + r.nextInt(1000)));
                continue;
            }
            ProcState state = roll < 5 ? ProcState.ZOMBIE : roll < 8 ? ProcState.DISK_SLEEP : roll < 20 ? ProcState.RUNNING
                    : ProcState.SLEEPING;
            String wchan = state == ProcState.DISK_SLEEP ? (r.nextBoolean() ? "io_schedule" : "nfs_wait_bit_killable") : null;
            ProcessInfo info = r.nextInt(50) == 0 ? p.info().withCommand(p.info().comm() + ": state " + r.nextInt(3)) : p.info();
            live.set(i, new ProcessSample(p.key(), p.ppid(), p.pgrp(), p.session(), p.ttyNr(), state,
                    p.utimeTicks() + r.nextInt(3), p.stimeTicks() + (r.nextInt(4) == 0 ? 1 : 0), p.numThreads(),
                    p.vsizeKib() + (r.nextInt(10) == 0 ? 4 : 0), Math.max(0, p.rssKib() + r.nextInt(9) - 4), wchan, 0, 0,
                    p.user(), info, p.status()));
        }
        List<ProcessSample> sorted = new ArrayList<>(live);
        sorted.sort((a, b) -> Integer.compare(a.pid(), b.pid()));
        // dedupe: a reused pid appears once
        List<ProcessSample> out = new ArrayList<>();
        for (ProcessSample p : sorted) if (out.isEmpty() || out.get(out.size() - 1).pid() != p.pid()) out.add(p);
        SystemMemory mem = new SystemMemory(16_000_000, 4_000_000, 9_000_000, 100_000, 3_000_000, 200_000, 10_000,
                2_000_000, 1_900_000 - r.nextInt(1000), 0);
        return new Snapshot(t, mem, new KernelStats(new CpuTimes(t / 100, 1, t / 300, t / 10, 2, 0, 3, 0), BOOT, t / 1000, 2, 1),
                new LoadAverage(0.5, 0.4, 0.3, 2, out.size(), nextPid), 4_194_304, 62_000, out,
                new SnapshotStats(r.nextInt(3), 0, 1_000_000, 2_000_000));
    }
}
