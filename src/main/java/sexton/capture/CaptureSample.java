package sexton.capture;

import java.util.List;

import sexton.model.LoadAverage;

/**
 * One sample as a capture holds it: the blocks between two sample boundaries. {@code dateMillis} is
 * the time a {@code date} line gave ({@link DateLine#NONE} otherwise); {@code rows} is null when the
 * sample has no process table (a {@code free} block alone). {@code freeUnitHint} is the unit, in
 * bytes, that a {@code free} command echoed in the capture asked for, or 0.
 */
record CaptureSample(int index, long firstLine, long dateMillis, FreeBlock free, TopSummary top, List<PsRow> rows,
                     long freeUnitHint) {
    boolean hasTable() { return rows != null; }

    LoadAverage load() { return top == null ? LoadAverage.ZERO : top.load; }
}
