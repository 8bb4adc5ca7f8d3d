package sexton.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import sexton.model.CpuTimes;
import sexton.model.HostInfo;
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
 * Writes a simulated, mostly idle host into a store at 10 s spacing and reports the bytes on disk per
 * process-sample: ~90% of processes never change, ~8% tick CPU now and then with RSS wobbling by a few
 * pages, ~2% are busy (CPU every sample, RSS random walk), and a few processes end and new ones start
 * every hour. Used by {@code sexton bench --store-sim} and the store-size test.
 */
public final class StoreSizeSimulation {
    private StoreSizeSimulation() {}

    private static final class Proc {
        ProcessKey key;
        ProcessInfo info;
        String user;
        ProcessStatus status;
        int kind; // 0 idle, 1 occasional, 2 busy
        int ppid;
        int threads;
        long utime, stime, vsize, rss;
        ProcState state = ProcState.SLEEPING;
    }

    public static double run(Path file, int processes, int snapshots, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long boot = 1_763_000_000L;
        long t = boot * 1000 + 3_600_000;
        List<Proc> procs = new ArrayList<>(processes);
        int[] nextPid = {300};
        for (int i = 0; i < processes; i++) procs.add(spawn(r, nextPid, 100));
        try (Store store = Store.open(file)) {
            long host = store.host(new HostInfo("simulated", 100, 4096));
            for (int step = 0; step < snapshots; step++) {
                t += 10_000;
                if (step > 0 && step % 360 == 0) { // an hour: a few processes end, new ones start
                    for (int k = 0; k < 5; k++) procs.set(r.nextInt(procs.size()), spawn(r, nextPid, (t / 1000 - boot) * 100));
                }
                List<ProcessSample> samples = new ArrayList<>(procs.size());
                long rssTotal = 0;
                for (Proc p : procs) {
                    evolve(r, p);
                    rssTotal += p.rss;
                    samples.add(new ProcessSample(p.key, p.ppid, p.key.pid(), p.key.pid(), 0, p.state, p.utime, p.stime,
                            p.threads, p.vsize, p.rss, null, 0, 0, p.user, p.info, p.status));
                }
                samples.sort((a, b) -> Integer.compare(a.pid(), b.pid()));
                long total = 16_000_000;
                SystemMemory mem = new SystemMemory(total, total - rssTotal - 4_000_000, total - rssTotal, 200_000,
                        3_500_000, 300_000, 50_000, 2_000_000, 2_000_000, 0);
                KernelStats kernel = new KernelStats(new CpuTimes(step * 50L, 0, step * 20L, step * 930L, 0, 0, 0, 0), boot,
                        100_000 + step * 3L, 1, 0);
                store.write(host, new Snapshot(t, mem, kernel, new LoadAverage(0.1, 0.1, 0.1, 1, procs.size(), nextPid[0]),
                        4_194_304, 62_000, samples, new SnapshotStats(0, 0, 4_000_000, 5_000_000)));
            }
            store.checkpoint();
            return (double) store.sizeBytes() / ((double) processes * snapshots);
        }
    }

    private static Proc spawn(SplittableRandom r, int[] nextPid, long startTicks) {
        Proc p = new Proc();
        int pid = nextPid[0];
        nextPid[0] += 1 + r.nextInt(40);
        p.key = new ProcessKey(pid, startTicks + r.nextInt(1000));
        int kindRoll = r.nextInt(100);
        p.kind = kindRoll < 90 ? 0 : kindRoll < 98 ? 1 : 2;
        String name = "daemon" + (pid % 97);
        p.info = new ProcessInfo(name, "/usr/sbin/" + name + " --config /etc/" + name + ".conf --workers " + (pid % 8),
                name + ".service", null);
        int uid = r.nextInt(4) == 0 ? 0 : 100 + r.nextInt(5);
        p.user = uid == 0 ? "root" : "svc" + uid;
        p.rss = 1_000 + r.nextInt(200_000);
        p.vsize = p.rss * 3 + r.nextInt(1_000_000);
        p.status = new ProcessStatus(uid, 0, 0, p.rss * 3 / 4, p.rss / 4, 0);
        p.utime = r.nextInt(100_000);
        p.stime = r.nextInt(20_000);
        p.threads = 1 + r.nextInt(20);
        p.ppid = 1;
        return p;
    }

    private static void evolve(SplittableRandom r, Proc p) {
        switch (p.kind) {
            case 1 -> {
                if (r.nextInt(10) == 0) p.utime += 1;
                if (r.nextInt(10) == 0) p.rss += (r.nextInt(5) - 2) * 4L;
            }
            case 2 -> {
                p.utime += 1 + r.nextInt(50);
                p.stime += r.nextInt(10);
                p.rss = Math.max(100, p.rss + (r.nextInt(201) - 100));
                if (r.nextInt(50) == 0) p.vsize += 4096;
                p.state = r.nextInt(3) == 0 ? ProcState.RUNNING : ProcState.SLEEPING;
            }
            default -> { }
        }
    }
}
