package sexton.procfs;

import java.nio.charset.StandardCharsets;

/**
 * {@code /proc/PID/wchan}: the kernel function a sleeping process waits in (e.g.
 * {@code io_schedule}), which says what a D-state process is stuck on. The kernel prints
 * {@code 0} when there is none or when it hides the symbol.
 */
public final class Wchan {
    private Wchan() {
    }

    /** The symbol, or null for an empty file or {@code 0}. */
    public static String parse(byte[] buf, int len) {
        int start = 0;
        int end = Math.min(len, buf.length);
        while (end > 0 && (buf[end - 1] <= ' ')) end--;
        while (start < end && buf[start] <= ' ') start++;
        if (end <= start || (end - start == 1 && buf[start] == '0')) return null;
        return new String(buf, start, end - start, StandardCharsets.ISO_8859_1);
    }
}
