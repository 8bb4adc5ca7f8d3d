package sexton.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import sexton.model.ProcState;
import sexton.model.ProcessKey;
import sexton.model.ProcessSample;
import sexton.model.ServiceOwner;
import sexton.model.Snapshot;

/**
 * Zombies grouped by the parent that does not reap them, each group explained (who the parent is,
 * its service, why it may not reap) and measured (how many, how old, how fast they are born, the
 * trend), and the host's forecast: share of pid_max and threads-max in use and, at the birth rate,
 * when fork() would start failing. A zombie is already dead: only its parent's wait() or the
 * parent's end removes it, so the parent is what every piece of advice is about.
 */
public final class ZombieAnalysis {
    /** One zombie seen at one time (from watching the host, or from history). */
    public record Sighting(long timeMillis, ProcessKey key, int ppid, String comm) {
    }

    /** The whole picture at {@code atMillis}; {@code forkFailsAtMillis} null when nothing is being born or limits are unknown. */
    public record Report(long atMillis, int zombies, int processes, int threads, int pidMax, int threadsMax, double shareOfLimit,
                         double birthsPerMinute, Long forkFailsAtMillis, List<ZombieGroup> groups) {
    }

    private ZombieAnalysis() {}

    /**
     * @param bootMillis  the host's boot time (for zombie ages from start ticks), or -1 when unknown (captures)
     * @param hz          clock ticks per second
     * @param times       the times sampled for {@code sightings} (empty: no history or watch)
     * @param sightings   zombies seen at those times
     * @param ownerOf     the owner of a parent process
     */
    public static Report analyse(Snapshot now, long bootMillis, int hz, List<Long> times, List<Sighting> sightings,
                                 Function<ProcessSample, ServiceOwner> ownerOf) {
        Map<Integer, ProcessSample> byPid = new HashMap<>();
        int threads = 0;
        for (ProcessSample p : now.processes()) {
            byPid.put(p.pid(), p);
            threads += Math.max(1, p.numThreads());
        }
        Map<Integer, List<ProcessSample>> byParent = new TreeMap<>();
        for (ProcessSample p : now.processes()) if (p.isZombie()) byParent.computeIfAbsent(p.ppid(), k -> new ArrayList<>()).add(p);

        // history: per parent, zombie identities first seen after the first time, and counts at first and last time
        long first = times.isEmpty() ? now.timeMillis() : times.get(0);
        long last = times.isEmpty() ? now.timeMillis() : times.get(times.size() - 1);
        Map<Integer, Set<ProcessKey>> bornDuring = new HashMap<>();
        Map<Integer, Integer> atFirst = new HashMap<>(), atLast = new HashMap<>();
        Map<ProcessKey, Long> firstSeen = new HashMap<>();
        Set<ProcessKey> presentAtStart = new HashSet<>();
        for (Sighting s : sightings) {
            firstSeen.merge(s.key(), s.timeMillis(), Math::min);
            if (s.timeMillis() == first) {
                presentAtStart.add(s.key());
                atFirst.merge(s.ppid(), 1, Integer::sum);
            }
            if (s.timeMillis() == last) atLast.merge(s.ppid(), 1, Integer::sum);
        }
        for (Sighting s : sightings) {
            if (!presentAtStart.contains(s.key())) bornDuring.computeIfAbsent(s.ppid(), k -> new HashSet<>()).add(s.key());
        }
        double spanMinutes = (last - first) / 60_000.0;
        boolean watched = times.size() >= 2 && spanMinutes > 0;

        List<ZombieGroup> groups = new ArrayList<>();
        double totalRate = 0;
        int zombies = 0;
        for (Map.Entry<Integer, List<ProcessSample>> e : byParent.entrySet()) {
            int ppid = e.getKey();
            List<ProcessSample> kids = e.getValue();
            zombies += kids.size();
            ProcessSample parent = byPid.get(ppid);
            long oldest = -1, newest = -1;
            long oldestStart = Long.MAX_VALUE, newestStart = Long.MIN_VALUE;
            Map<String, Integer> names = new LinkedHashMap<>();
            List<Integer> pids = new ArrayList<>();
            for (ProcessSample z : kids) {
                names.merge(z.info().comm(), 1, Integer::sum);
                pids.add(z.pid());
                long start = bootMillis > 0 ? bootMillis + z.key().startTicks() * 1000 / Math.max(1, hz)
                        : firstSeen.getOrDefault(z.key(), -1L);
                if (start > 0) {
                    oldestStart = Math.min(oldestStart, start);
                    newestStart = Math.max(newestStart, start);
                }
            }
            if (oldestStart != Long.MAX_VALUE) {
                oldest = Math.max(0, now.timeMillis() - oldestStart);
                newest = Math.max(0, now.timeMillis() - newestStart);
            }
            double rate = Double.NaN;
            String source;
            if (watched) {
                rate = bornDuring.getOrDefault(ppid, Set.of()).size() / spanMinutes;
                source = String.format(Locale.ROOT, "new zombies over %s", LeakJudge.duration(last - first));
            } else if (kids.size() >= 2 && bootMillis > 0 && newestStart > oldestStart) {
                rate = (kids.size() - 1) / ((newestStart - oldestStart) / 60_000.0);
                source = "from the zombies' start times";
            } else {
                source = "unknown (watch with --watch 30s)";
            }
            if (!Double.isNaN(rate)) totalRate += rate;
            String trend = "unknown";
            if (watched) {
                int a = atFirst.getOrDefault(ppid, 0), b = atLast.getOrDefault(ppid, kids.size());
                int margin = Math.max(1, a / 10);
                trend = b >= a + margin ? "growing" : b <= a - margin ? "draining" : "steady";
            }
            String parentCommand = parent == null ? "?" : parent.info().command();
            ServiceOwner owner = parent == null ? ServiceOwner.none(List.of()) : ownerOf.apply(parent);
            String[] why = explain(ppid, parent, byPid, owner);
            groups.add(new ZombieGroup(ppid, parentCommand, parent == null ? null : parent.user(),
                    parent == null || bootMillis <= 0 ? -1 : bootMillis + parent.key().startTicks() * 1000 / Math.max(1, hz),
                    parent == null ? ProcState.UNKNOWN : parent.state(),
                    parent == null || parent.status() == null ? -1 : parent.status().tracerPid(), owner, kids.size(), oldest, newest,
                    names, pids, rate, source, trend, why[0], why[1]));
        }
        groups.sort(Comparator.comparingInt(ZombieGroup::count).reversed().thenComparingInt(ZombieGroup::parentPid));

        int procs = now.processes().size();
        double share = 0;
        if (now.pidMax() > 0) share = Math.max(share, procs / (double) now.pidMax());
        if (now.threadsMax() > 0) share = Math.max(share, threads / (double) now.threadsMax());
        Long failsAt = null;
        if (totalRate > 0 && now.pidMax() > 0) {
            long room = now.pidMax() - procs;
            if (now.threadsMax() > 0) room = Math.min(room, now.threadsMax() - threads);
            failsAt = now.timeMillis() + (long) (Math.max(0, room) / totalRate * 60_000);
        }
        return new Report(now.timeMillis(), zombies, procs, threads, now.pidMax(), now.threadsMax(), share,
                watched || totalRate > 0 ? totalRate : Double.NaN, failsAt, groups);
    }

    /** The special case, if any, and the advice: {why, advice}. */
    static String[] explain(int ppid, ProcessSample parent, Map<Integer, ProcessSample> byPid, ServiceOwner owner) {
        if (ppid == 1 || parent != null && parent.ppid() == 0 && ppid != 0) {
            String name = parent == null ? "PID 1" : parent.info().comm();
            return new String[] {"the parent is PID 1 (" + name + "), the init of this host or container, and it does not reap "
                    + "orphaned children",
                    "never kill PID 1. In a container, run an init that reaps (tini, `docker run --init`, shareProcessNamespace); on a "
                            + "host, PID 1 failing to reap is a bug of that init: update it; the zombies hold only pids, not memory"};
        }
        if (parent == null) {
            return new String[] {"the parent (pid " + ppid + ") was not readable", "run as root to see it"};
        }
        if (parent.isZombie()) {
            return new String[] {"the parent is itself a zombie: these are reaped when its own parent (pid " + parent.ppid()
                    + ") reaps it", "fix the grandparent: see its group"};
        }
        if (parent.state() == ProcState.STOPPED || parent.state() == ProcState.TRACED) {
            return new String[] {"the parent is stopped (" + parent.state().code() + "), so it cannot run wait()",
                    "`kill -CONT " + parent.pid() + "` lets it run and reap; if it stays stopped, restart its service"};
        }
        if (parent.status() != null && parent.status().tracerPid() > 0) {
            ProcessSample tracer = byPid.get(parent.status().tracerPid());
            return new String[] {"the parent is traced by pid " + parent.status().tracerPid()
                    + (tracer == null ? "" : " (" + tracer.info().command() + ")") + ": a debugger holds it",
                    "detach the tracer (quit the debugger or strace); then the parent can reap"};
        }
        String restart = owner.restartLine();
        return new String[] {null, "the parent does not wait() for its children: "
                + (restart != null ? "restart its service (" + restart + ")" : "restart it")
                + "; killing the zombies does nothing, they are already dead"};
    }
}
