package sexton.store;

import java.util.Arrays;

/**
 * Consecutive samples of one process as parallel columns: the unit the chunk codec packs. Column order
 * is part of the chunk format (see {@link ChunkCodec}).
 */
final class SampleBlock {
    static final int T = 0, STATE = 1, PPID = 2, PGRP = 3, SESSION = 4, TTY = 5, UTIME = 6, STIME = 7,
            THREADS = 8, VSIZE = 9, RSS = 10, UID = 11, TRACER = 12, SWAP = 13, ANON = 14, FILE = 15, SHMEM = 16,
            PCPU = 17, PMEM = 18;
    /**
     * PCPU and PMEM hold %CPU and %MEM in hundredths as a capture printed them (ps gives no ticks for
     * the interval); -1 when the figures are derived from ticks and MemTotal, as for recorded samples.
     */
    static final int COLUMNS = 19;
    /** Columns of an {@code open_sample} row (the recorder's), which has no PCPU and PMEM. */
    static final int OPEN_COLUMNS = 17;
    static final int FORMAT1_COLUMNS = 17;

    long[][] cols;
    String[] wchan;
    int n;

    SampleBlock(int capacity) {
        cols = new long[COLUMNS][Math.max(1, capacity)];
        wchan = new String[Math.max(1, capacity)];
    }

    /** Adds a row of {@link #OPEN_COLUMNS} from the recorder: PCPU and PMEM are derived, so -1. */
    void addOpen(long[] row, String w) {
        row[PCPU] = -1;
        row[PMEM] = -1;
        add(row, w);
    }

    void add(long[] row, String w) {
        if (n == wchan.length) {
            int cap = n * 2;
            for (int c = 0; c < COLUMNS; c++) cols[c] = Arrays.copyOf(cols[c], cap);
            wchan = Arrays.copyOf(wchan, cap);
        }
        for (int c = 0; c < COLUMNS; c++) cols[c][n] = row[c];
        wchan[n] = w;
        n++;
    }

    void append(SampleBlock other) {
        long[] row = new long[COLUMNS];
        for (int i = 0; i < other.n; i++) {
            for (int c = 0; c < COLUMNS; c++) row[c] = other.cols[c][i];
            add(row, other.wchan[i]);
        }
    }

    long get(int col, int i) { return cols[col][i]; }

    long firstTime() { return cols[T][0]; }

    long lastTime() { return cols[T][n - 1]; }

    /** Index of the sample at time t, or -1. */
    int indexOf(long t) {
        int i = Arrays.binarySearch(cols[T], 0, n, t);
        return i >= 0 ? i : -1;
    }
}
