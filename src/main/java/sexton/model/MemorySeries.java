package sexton.model;

/**
 * The memory history of one process identity, compact: parallel arrays over its samples, times in
 * epoch ms, sizes in KiB (-1 where the source did not have the figure, e.g. swap in a capture).
 */
public record MemorySeries(ProcessKey key, ProcessInfo info, String user, long[] times, long[] rssKib, long[] vsizeKib,
                           long[] swapKib) {
    public int size() { return times.length; }
}
