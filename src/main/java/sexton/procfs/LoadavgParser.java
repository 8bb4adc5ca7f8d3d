package sexton.procfs;

import sexton.model.LoadAverage;

/**
 * {@code /proc/loadavg}: {@code 0.52 0.58 0.59 2/1234 56789}, the 1, 5 and 15 minute averages,
 * runnable/total scheduling entities and the last pid handed out. A field that cannot be read is
 * 0, as in {@link LoadAverage#ZERO}.
 */
public final class LoadavgParser {
    private LoadavgParser() {
    }

    public static LoadAverage parse(byte[] buf, int len) {
        AsciiCursor c = new AsciiCursor(buf, len);
        double load1 = orZero(c.nextDecimal());
        double load5 = orZero(c.nextDecimal());
        double load15 = orZero(c.nextDecimal());
        long runnable = orZero(c.nextLong());
        long entities = c.accept('/') ? orZero(c.nextLong()) : 0;
        long lastPid = orZero(c.nextLong());
        return new LoadAverage(load1, load5, load15, (int) runnable, (int) entities, (int) lastPid);
    }

    private static double orZero(double v) { return Double.isNaN(v) ? 0 : v; }

    private static long orZero(long v) { return v == AsciiCursor.NONE ? 0 : v; }
}
