package sexton.model;

/**
 * The history of one process identity, compact: parallel arrays over its samples, times in epoch
 * ms, sizes in KiB (-1 where the source did not have the figure, e.g. swap in a capture), the state
 * letter ({@link ProcState#code()}) and the parent pid at each sample.
 */
public record MemorySeries(ProcessKey key, ProcessInfo info, String user, long[] times, long[] rssKib, long[] vsizeKib,
                           long[] swapKib, byte[] state, int[] ppid) {
    public int size() { return times.length; }

    public ProcState stateAt(int i) { return ProcState.of(state[i]); }
}
