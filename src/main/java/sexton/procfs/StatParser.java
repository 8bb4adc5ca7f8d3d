package sexton.procfs;

import java.nio.charset.StandardCharsets;

/**
 * {@code /proc/PID/stat}: {@code pid (comm) state ppid pgrp session tty_nr ...}, see proc(5).
 * Parsed for every process at every sample, so it reads digits straight from the bytes and
 * allocates nothing.
 */
public final class StatParser {
    /** Field 24 of proc(5), the last one read; everything after it (up to 52 on 6.x) is ignored. */
    private static final int LAST_FIELD = 24;

    private StatParser() {
    }

    /**
     * Fills {@code out} from the first {@code len} bytes of {@code buf}. The command name is
     * everything between the first {@code (} and the last {@code )}, since a program may name
     * itself {@code ) S 1 (}. Returns false for a malformed line or one cut before field 24.
     */
    public static boolean parse(byte[] buf, int len, StatFields out) {
        int end = Math.min(len, buf.length);
        int i = 0;
        int pid = 0;
        while (i < end && buf[i] >= '0' && buf[i] <= '9') pid = pid * 10 + (buf[i++] - '0');
        if (i == 0 || i + 1 >= end || buf[i] != ' ' || buf[i + 1] != '(') return false;
        int open = i + 1;
        int close = end - 1;
        while (close > open && buf[close] != ')') close--;
        if (close == open || close + 3 > end || buf[close + 1] != ' ') return false;

        out.pid = pid;
        out.commStart = open + 1;
        out.commLength = close - open - 1;
        out.state = (char) (buf[close + 2] & 0xff);
        i = close + 3;
        for (int field = 4; field <= LAST_FIELD; field++) {
            if (i >= end || buf[i] != ' ') return false;
            i++;
            boolean negative = i < end && buf[i] == '-';
            if (negative) i++;
            int digitsFrom = i;
            long v = 0;
            while (i < end) {
                int d = buf[i] - '0';
                if (d < 0 || d > 9) break;
                v = v * 10 + d;
                i++;
            }
            if (i == digitsFrom) return false;
            if (negative) v = -v;
            switch (field) {
                case 4: out.ppid = (int) v; break;
                case 5: out.pgrp = (int) v; break;
                case 6: out.session = (int) v; break;
                case 7: out.ttyNr = (int) v; break;
                case 10: out.minflt = v; break;
                case 12: out.majflt = v; break;
                case 14: out.utime = v; break;
                case 15: out.stime = v; break;
                case 20: out.numThreads = (int) v; break;
                case 22: out.startTicks = v; break;
                case 23: out.vsizeBytes = v; break;
                case 24: out.rssPages = v; break;
                default: break;
            }
        }
        // Every kernel prints rsslim after rss, so rss not followed by a blank means the read was cut.
        return i < end && (buf[i] == ' ' || buf[i] == '\n');
    }

    /** The command name of a parsed line, built only when asked (new processes); bad UTF-8 becomes U+FFFD. */
    public static String comm(byte[] buf, StatFields f) {
        return new String(buf, f.commStart, f.commLength, StandardCharsets.UTF_8);
    }
}
