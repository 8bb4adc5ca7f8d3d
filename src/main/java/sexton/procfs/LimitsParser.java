package sexton.procfs;

import java.nio.charset.StandardCharsets;

/**
 * {@code /proc/PID/limits} (one line per limit: name, soft, hard, units) and the cgroup memory
 * ceiling files ({@code memory.max}: a byte count or {@code max}; v1 {@code memory.limit_in_bytes}:
 * a byte count, near 2^63 when unlimited).
 */
public final class LimitsParser {
    /** v1 writes PAGE_COUNTER_MAX in bytes for "no limit": anything this large is none. */
    private static final long UNLIMITED_BYTES = 1L << 60;

    private LimitsParser() {}

    /** The soft "Max address space" in KiB, or -1 when unlimited, absent or unreadable. */
    public static long addressSpaceKib(byte[] buf, int len) {
        if (len <= 0) return -1;
        String text = new String(buf, 0, len, StandardCharsets.US_ASCII);
        for (String line : text.split("\n")) {
            if (!line.startsWith("Max address space")) continue;
            String[] f = line.substring("Max address space".length()).trim().split("\\s+");
            if (f.length == 0 || f[0].equals("unlimited")) return -1;
            try {
                return Long.parseLong(f[0]) / 1024;
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }

    /** A cgroup memory ceiling file in KiB, or -1 for {@code max}, an unlimited v1 value, or garbage. */
    public static long cgroupLimitKib(byte[] buf, int len) {
        if (len <= 0) return -1;
        String s = new String(buf, 0, len, StandardCharsets.US_ASCII).trim();
        if (s.equals("max")) return -1;
        try {
            long bytes = Long.parseLong(s);
            return bytes >= UNLIMITED_BYTES ? -1 : bytes / 1024;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
