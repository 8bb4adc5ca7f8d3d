package sexton.capture;

import sexton.model.SystemMemory;

/**
 * One {@code free} output block being read: its header names the columns (procps 3.2 and early
 * procps-ng {@code total used free shared buffers cached}, procps-ng {@code ... buff/cache available},
 * {@code free -w} {@code ... buffers cache available}), then {@code Mem:}, the optional
 * {@code -/+ buffers/cache:}, {@code Low:}/{@code High:} ({@code -l}), {@code Swap:} and {@code Total:}
 * ({@code -t}) rows. Numbers without a unit are in a unit the block cannot tell ({@code free},
 * {@code -m}, {@code -g} look alike), so they are kept as printed and scaled later by {@link #memory}.
 */
final class FreeBlock {
    private static final int TOTAL = 0, USED = 1, FREE = 2, SHARED = 3, BUFFERS = 4, CACHED = 5, BUFF_CACHE = 6,
            AVAILABLE = 7, KINDS = 8;

    private final String source;
    private final int[] columnKind;
    private final long[] mem = new long[KINDS];
    private long swapTotal = -1;
    private long swapFree = -1;
    private boolean haveMem;
    private boolean haveSwap;
    /** Whether the numbers carried units ({@code free -h}): then they are KiB already. */
    private boolean suffixed;
    private final Fields fields = new Fields();

    private FreeBlock(String source, int[] columnKind) {
        this.source = source;
        this.columnKind = columnKind;
        java.util.Arrays.fill(mem, -1);
    }

    /** Whether the line is a free header: its first word is {@code total}, with {@code used} and {@code free}. */
    static boolean isHeader(String line) {
        String s = line.strip();
        return s.startsWith("total") && s.contains(" used") && s.contains(" free");
    }

    static FreeBlock header(String source, long lineNo, String line) {
        Fields f = new Fields();
        int n = f.split(line, 0);
        int[] kinds = new int[n];
        for (int i = 0; i < n; i++) {
            String w = f.text(i);
            kinds[i] = switch (w) {
                case "total" -> TOTAL;
                case "used" -> USED;
                case "free" -> FREE;
                case "shared" -> SHARED;
                case "buffers" -> BUFFERS;
                case "cached", "cache" -> CACHED;
                case "buff/cache" -> BUFF_CACHE;
                case "available" -> AVAILABLE;
                default -> throw new CaptureFormatException(source, lineNo, "free header column '" + w
                        + "' is not one free prints (expected total used free shared buffers cached, buff/cache or available)");
            };
        }
        return new FreeBlock(source, kinds);
    }

    /** Whether the line is a row of this block ({@code Mem:}, {@code Swap:} ...). */
    static boolean isRow(String line) {
        String s = line.stripLeading();
        return s.startsWith("Mem:") || s.startsWith("Swap:") || s.startsWith("-/+ buffers/cache:") || s.startsWith("Low:")
                || s.startsWith("High:") || s.startsWith("Total:");
    }

    void row(long lineNo, String line) {
        String s = line.stripLeading();
        if (s.startsWith("-/+ buffers/cache:") || s.startsWith("Low:") || s.startsWith("High:") || s.startsWith("Total:")) {
            // derived or partial figures: checked for shape, not kept
            int n = fields.split(s, 0);
            for (int i = s.startsWith("-/+") ? 2 : 1; i < n; i++) value(i, lineNo, "a size");
            return;
        }
        boolean isMem = s.startsWith("Mem:");
        int n = fields.split(s, 0);
        if (isMem) {
            if (n - 1 != columnKind.length) {
                throw new CaptureFormatException(source, lineNo, "free Mem: row has " + (n - 1) + " numbers, its header has "
                        + columnKind.length + " columns");
            }
            for (int i = 1; i < n; i++) mem[columnKind[i - 1]] = value(i, lineNo, "a size");
            haveMem = true;
        } else {
            if (n < 4) throw new CaptureFormatException(source, lineNo, "free Swap: row needs total, used and free, has " + (n - 1) + " numbers");
            swapTotal = value(1, lineNo, "a size");
            value(2, lineNo, "a size");
            swapFree = value(3, lineNo, "a size");
            haveSwap = true;
        }
    }

    private long value(int i, long lineNo, String what) {
        char last = fields.lastChar(i);
        boolean unit = last < '0' || last > '9';
        long v = fields.kibAt(i, 1);
        if (v == Fields.NONE) {
            throw new CaptureFormatException(source, lineNo, "free field '" + fields.text(i) + "' is not " + what);
        }
        if (unit) suffixed = true;
        return v;
    }

    /** Whether the block has what a sample needs: at least the Mem: row. */
    boolean complete() { return haveMem; }

    boolean hasSwap() { return haveSwap; }

    boolean suffixed() { return suffixed; }

    /** Mem total as printed (before any unit), for telling the unit. */
    long totalAsPrinted() { return mem[TOTAL]; }

    /** The block's figures in KiB, bare numbers counted in units of {@code unitBytes}. */
    SystemMemory memory(long unitBytes) {
        long k = suffixed ? 1024 : unitBytes;
        long buffers = mem[BUFFERS];
        long cached = mem[CACHED] >= 0 ? mem[CACHED] : mem[BUFF_CACHE];
        long total = scale(mem[TOTAL], k);
        long free = scale(mem[FREE], k);
        if (free < 0 && mem[USED] >= 0 && total >= 0) free = total - scale(mem[USED], k);
        return new SystemMemory(total, free, scale(mem[AVAILABLE], k), scale(buffers, k), scale(cached, k), -1,
                scale(mem[SHARED], k), scale(swapTotal, k), scale(swapFree, k), -1);
    }

    private static long scale(long v, long unitBytes) {
        return v < 0 ? -1 : unitBytes == 1 ? v / 1024 : v * (unitBytes / 1024);
    }
}
