package sexton.model;

/**
 * What taking a snapshot met and cost: processes that vanished between readdir and read, files
 * that could not be read for lack of privilege, and the reader's own CPU and wall time.
 */
public record SnapshotStats(int vanished, int denied, long cpuNanos, long wallNanos) {
    public static final SnapshotStats NONE = new SnapshotStats(0, 0, 0, 0);
}
