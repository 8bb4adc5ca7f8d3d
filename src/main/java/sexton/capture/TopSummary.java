package sexton.capture;

import java.util.Locale;

import sexton.model.LoadAverage;

/**
 * The summary lines above a {@code top -b} table: the clock and load ({@code top - 02:45:07 up ...,
 * load average: 0.81, 0.51, 0.32}) and memory and swap, in every layout procps has printed:
 * {@code KiB Mem :  24683656 total, ...} (also MiB/GiB with decimals), 3.3's {@code KiB Mem: ...}, and
 * 3.2's {@code Mem: 2059280k total, 1967852k used, ...} with cached on the swap line.
 */
final class TopSummary {
    int secondOfDay = -1;
    LoadAverage load = LoadAverage.ZERO;
    long memTotal = -1, memFree = -1, memUsed = -1, buffers = -1, cached = -1, buffCache = -1, available = -1;
    long swapTotal = -1, swapFree = -1, swapUsed = -1;
    boolean haveMem;
    boolean haveSwap;

    static boolean isTopHeader(String line) {
        return line.startsWith("top - ");
    }

    /** Whether a line belongs between the {@code top -} line and the table. */
    static boolean isSummaryLine(String line) {
        String s = line.stripLeading();
        return s.startsWith("Tasks:") || s.startsWith("Threads:") || s.startsWith("%Cpu") || s.startsWith("Cpu")
                || s.startsWith("%Node") || s.startsWith("Node") || isMemLine(s) || isSwapLine(s);
    }

    private static boolean isMemLine(String s) {
        return s.startsWith("Mem:") || s.matches("^[KMGTPE]iB Mem.*");
    }

    private static boolean isSwapLine(String s) {
        return s.startsWith("Swap:") || s.matches("^[KMGTPE]iB Swap.*");
    }

    void header(String source, long lineNo, String line) {
        // top - 02:45:07 up  2:57,  0 user,  load average: 0.81, 0.51, 0.32
        String rest = line.substring(6).strip();
        int sp = rest.indexOf(' ');
        String clock = sp < 0 ? rest : rest.substring(0, sp);
        String[] hms = clock.split(":");
        try {
            if (hms.length != 3) throw new NumberFormatException();
            secondOfDay = Integer.parseInt(hms[0]) * 3600 + Integer.parseInt(hms[1]) * 60 + Integer.parseInt(hms[2]);
        } catch (NumberFormatException e) {
            throw new CaptureFormatException(source, lineNo, "top header should start with the clock (top - HH:MM:SS), has '" + clock + "'");
        }
        int la = line.indexOf("load average:");
        if (la >= 0) {
            String[] v = line.substring(la + 13).split(",");
            if (v.length >= 3) {
                double l1 = Fields.parseDecimal(v[0].strip(), 0, v[0].strip().length());
                double l5 = Fields.parseDecimal(v[1].strip(), 0, v[1].strip().length());
                double l15 = Fields.parseDecimal(v[2].strip(), 0, v[2].strip().length());
                if (!Double.isNaN(l1) && !Double.isNaN(l5) && !Double.isNaN(l15)) load = new LoadAverage(l1, l5, l15, 0, 0, 0);
            }
        }
    }

    void summary(String source, long lineNo, String line) {
        String s = line.strip();
        boolean mem = isMemLine(s);
        boolean swap = isSwapLine(s);
        if (!mem && !swap) return; // tasks and cpu lines: nothing sexton keeps from them yet
        double unit = 1; // KiB
        if (s.length() > 3 && s.charAt(1) == 'i' && s.charAt(2) == 'B') {
            unit = switch (s.charAt(0)) {
                case 'M' -> 1024.0;
                case 'G' -> 1024.0 * 1024;
                case 'T' -> 1024.0 * 1024 * 1024;
                case 'P' -> 1024.0 * 1024 * 1024 * 1024;
                case 'E' -> 1024.0 * 1024 * 1024 * 1024 * 1024;
                default -> 1;
            };
        }
        int colon = s.indexOf(':');
        String[] parts = s.substring(colon + 1).split("[,.](?=\\s)|,");
        for (String part : parts) {
            String p = part.strip();
            if (p.isEmpty()) continue;
            int sp = p.indexOf(' ');
            if (sp < 0) throw new CaptureFormatException(source, lineNo, "top memory figure '" + p + "' should be a number and a label");
            String num = p.substring(0, sp);
            String label = p.substring(sp + 1).strip().toLowerCase(Locale.ROOT);
            long kib = Fields.parseKib(num, 0, num.length(), 1);
            if (kib == Fields.NONE) throw new CaptureFormatException(source, lineNo, "top memory figure '" + num + "' is not a number");
            boolean bare = Character.isDigit(num.charAt(num.length() - 1));
            long v = bare && unit != 1 ? Math.round(Fields.parseDecimal(num, 0, num.length()) * unit) : kib;
            if (mem) {
                switch (label) {
                    case "total" -> memTotal = v;
                    case "free" -> memFree = v;
                    case "used" -> memUsed = v;
                    case "buffers" -> buffers = v;
                    case "buff/cache" -> buffCache = v;
                    default -> { }
                }
                haveMem = true;
            } else {
                switch (label) {
                    case "total" -> swapTotal = v;
                    case "free" -> swapFree = v;
                    case "used" -> swapUsed = v;
                    case "avail mem", "avail" -> available = v;
                    case "cached", "cached mem" -> cached = v;
                    default -> { }
                }
                haveSwap = true;
            }
        }
    }

    sexton.model.SystemMemory memory() {
        long free = memFree >= 0 ? memFree : memTotal >= 0 && memUsed >= 0 ? memTotal - memUsed : -1;
        long cache = cached >= 0 ? cached : buffCache;
        long sFree = swapFree >= 0 ? swapFree : swapTotal >= 0 && swapUsed >= 0 ? swapTotal - swapUsed : -1;
        return new sexton.model.SystemMemory(memTotal, free, available, buffers, cache, -1, -1, swapTotal, sFree, -1);
    }
}
