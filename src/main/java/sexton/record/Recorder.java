package sexton.record;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import sexton.model.Snapshot;
import sexton.store.Store;

/**
 * Samples the host at a fixed rate into the store until stopped, a duration has passed, or a count of
 * samples is reached. A sample that overruns its slot skips the missed slots rather than bunching up.
 * {@link #stop()} (from a signal handler) lets the current snapshot finish and be committed.
 */
public final class Recorder {
    /** When to stop (0 = no limit) and how long history is kept. */
    public record Plan(long intervalMillis, long durationMillis, long count, long retainMillis) {
        public Plan {
            if (intervalMillis <= 0) throw new IllegalArgumentException("interval must be positive");
        }
    }

    /** Told after every committed snapshot, e.g. to draw a progress line. */
    public interface Listener {
        void written(Snapshot snapshot, long writeNanos, RecordingTally tally, Store store);
    }

    private static final long PRUNE_EVERY_MILLIS = TimeUnit.HOURS.toMillis(1);

    private final Sampler sampler;
    private final Store store;
    private final long hostId;
    private final Plan plan;
    private final Listener listener;
    private final DirWatch dirs;
    private long dirSamples;
    private volatile boolean stopping;
    private volatile Thread runner;

    public Recorder(Sampler sampler, Store store, long hostId, Plan plan, Listener listener) {
        this(sampler, store, hostId, plan, listener, null);
    }

    /** Also records the walks of {@code dirs} (null: none), which walks on its own thread. */
    public Recorder(Sampler sampler, Store store, long hostId, Plan plan, Listener listener, DirWatch dirs) {
        this.dirs = dirs;
        this.sampler = sampler;
        this.store = store;
        this.hostId = hostId;
        this.plan = plan;
        this.listener = listener;
    }

    /** Asks the loop to end after the snapshot in progress; safe to call from any thread. */
    public void stop() {
        stopping = true;
        Thread t = runner;
        if (t != null) LockSupport.unpark(t);
    }

    public RecordingTally run() throws IOException {
        runner = Thread.currentThread();
        RecordingTally tally = new RecordingTally();
        long start = System.nanoTime();
        long intervalNanos = TimeUnit.MILLISECONDS.toNanos(plan.intervalMillis());
        long endNanos = plan.durationMillis() > 0 ? start + TimeUnit.MILLISECONDS.toNanos(plan.durationMillis()) : Long.MAX_VALUE;
        if (dirs != null) dirs.start();
        try {
            loop(tally, start, intervalNanos, endNanos);
        } finally {
            if (dirs != null) {
                dirs.close();
                writeDirSamples();
            }
        }
        runner = null;
        return tally;
    }

    /** Walks of watched directories recorded so far. */
    public long dirSamples() { return dirSamples; }

    private void writeDirSamples() {
        dirs.drainTo(d -> {
            store.writeDirSample(hostId, d);
            dirSamples++;
        });
    }

    private void loop(RecordingTally tally, long start, long intervalNanos, long endNanos) throws IOException {
        long lastPrune = Long.MIN_VALUE;
        long slot = 0;
        while (!stopping) {
            Snapshot s = sampler.take();
            long w0 = System.nanoTime();
            store.write(hostId, s);
            long writeNanos = System.nanoTime() - w0;
            if (dirs != null) writeDirSamples();
            tally.add(s, sampler.identitiesSeen());
            if (listener != null) listener.written(s, writeNanos, tally, store);
            if (plan.retainMillis() > 0 && s.timeMillis() - lastPrune >= PRUNE_EVERY_MILLIS) {
                store.prune(s.timeMillis() - plan.retainMillis());
                lastPrune = s.timeMillis();
            }
            if (plan.count() > 0 && tally.samples() >= plan.count()) break;
            long now = System.nanoTime();
            slot = Math.max(slot + 1, (now - start) / intervalNanos + 1); // skip slots already missed
            long next = start + slot * intervalNanos;
            if (next > endNanos) break;
            while (!stopping && (now = System.nanoTime()) < next) LockSupport.parkNanos(next - now);
        }
    }
}
