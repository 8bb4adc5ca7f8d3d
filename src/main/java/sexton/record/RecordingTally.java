package sexton.record;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import sexton.model.ProcessKey;
import sexton.model.ProcessSample;
import sexton.model.Snapshot;

/** What a recording saw, for its closing summary: samples, span, processes, top memory users, zombies. */
public final class RecordingTally {
    /** A process by its peak resident memory during the recording. */
    public record MemoryUser(ProcessKey key, String command, String user, long peakRssKib) {}

    private static final int TOP_KEPT = 64;       // candidates kept; only the top few are printed
    private static final int ZOMBIES_KEPT = 1_000_000; // bounds memory in a storm that lasts for days

    private long samples;
    private long firstMillis;
    private long lastMillis;
    private long processes;
    private int lastProcessCount;
    private long peakZombies;
    private final Set<ProcessKey> zombies = new HashSet<>();
    private final Map<ProcessKey, MemoryUser> top = new HashMap<>();
    private long topFloorKib;

    void add(Snapshot s, long identitiesSeen) {
        if (samples++ == 0) firstMillis = s.timeMillis();
        lastMillis = s.timeMillis();
        processes = identitiesSeen;
        lastProcessCount = s.processes().size();
        long z = 0;
        for (ProcessSample p : s.processes()) {
            if (p.isZombie()) {
                z++;
                if (zombies.size() < ZOMBIES_KEPT) zombies.add(p.key());
            }
            if (p.rssKib() > topFloorKib) offer(p);
        }
        peakZombies = Math.max(peakZombies, z);
    }

    private void offer(ProcessSample p) {
        MemoryUser old = top.get(p.key());
        if (old != null && old.peakRssKib() >= p.rssKib()) return;
        top.put(p.key(), new MemoryUser(p.key(), p.info().command(), p.user(), p.rssKib()));
        if (top.size() > TOP_KEPT) {
            MemoryUser smallest = top.values().stream().min(Comparator.comparingLong(MemoryUser::peakRssKib)).orElseThrow();
            top.remove(smallest.key());
            topFloorKib = top.values().stream().mapToLong(MemoryUser::peakRssKib).min().orElse(0);
        }
    }

    public long samples() { return samples; }
    public long firstMillis() { return firstMillis; }
    public long lastMillis() { return lastMillis; }
    /** Distinct (pid, start time) identities seen. */
    public long processes() { return processes; }
    public int lastProcessCount() { return lastProcessCount; }
    public int zombiesSeen() { return zombies.size(); }
    public long peakZombies() { return peakZombies; }

    public List<MemoryUser> topMemoryUsers(int n) {
        List<MemoryUser> list = new ArrayList<>(top.values());
        list.sort(Comparator.comparingLong(MemoryUser::peakRssKib).reversed().thenComparing(MemoryUser::key));
        return list.subList(0, Math.min(n, list.size()));
    }
}
