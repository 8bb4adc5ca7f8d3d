package sexton.procfs;

import java.nio.charset.StandardCharsets;

/**
 * {@code /proc/PID/cmdline}: NUL-separated arguments. Callers read it into a
 * {@value #BUFFER_SIZE}-byte buffer, so longer command lines are cut there (ps cuts too); see
 * {@link #truncated}.
 */
public final class CmdlineParser {
    /** The buffer size callers are expected to use. */
    public static final int BUFFER_SIZE = 8192;

    private CmdlineParser() {
    }

    /**
     * The arguments joined by single spaces, trailing NULs dropped (programs that rewrite their
     * title pad with them). An empty command line (kernel threads, zombies) gives {@code [comm]},
     * as ps shows it. Invalid UTF-8 becomes U+FFFD, never an exception.
     */
    public static String parse(byte[] buf, int len, String comm) {
        int end = Math.min(len, buf.length);
        while (end > 0 && buf[end - 1] == 0) end--;
        if (end <= 0) return "[" + comm + "]";
        String s = new String(buf, 0, end, StandardCharsets.UTF_8);
        return s.indexOf('\0') < 0 ? s : s.replace('\0', ' ');
    }

    /** Whether a read of {@code len} bytes filled {@code buf}, so the command line may go on beyond it. */
    public static boolean truncated(int len, byte[] buf) {
        return len >= buf.length;
    }
}
