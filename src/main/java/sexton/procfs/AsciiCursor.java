package sexton.procfs;

/**
 * Walks forward through the ASCII text of a /proc file, reading numbers and keys straight from the
 * bytes. Number reads stop at a line end, so a short line yields {@link #NONE} instead of
 * borrowing values from the next one.
 */
final class AsciiCursor {
    /** Returned by number reads when no digits are at the cursor. */
    static final long NONE = Long.MIN_VALUE;

    private final byte[] buf;
    private final int end;
    private int pos;

    AsciiCursor(byte[] buf, int len) {
        this.buf = buf;
        this.end = Math.max(0, Math.min(len, buf.length));
    }

    boolean atEnd() { return pos >= end; }

    /** Whether the bytes at the cursor spell {@code key}; does not move. */
    boolean lookingAt(byte[] key) {
        if (end - pos < key.length) return false;
        for (int i = 0; i < key.length; i++) if (buf[pos + i] != key[i]) return false;
        return true;
    }

    /** Moves past {@code n} bytes (a key already matched by {@link #lookingAt}). */
    void skip(int n) { pos = Math.min(end, pos + n); }

    /** Moves past the byte at the cursor when it is {@code c}. */
    boolean accept(char c) {
        if (pos < end && buf[pos] == c) {
            pos++;
            return true;
        }
        return false;
    }

    /** Moves to the start of the next line. */
    void nextLine() {
        while (pos < end && buf[pos] != '\n') pos++;
        if (pos < end) pos++;
    }

    private void skipBlanks() {
        while (pos < end && (buf[pos] == ' ' || buf[pos] == '\t')) pos++;
    }

    /** A signed decimal after optional blanks on the current line, or {@link #NONE}. */
    long nextLong() {
        skipBlanks();
        int start = pos;
        boolean negative = pos < end && buf[pos] == '-';
        if (negative) pos++;
        long v = 0;
        int digitsFrom = pos;
        while (pos < end) {
            int d = buf[pos] - '0';
            if (d < 0 || d > 9) break;
            v = v * 10 + d;
            pos++;
        }
        if (pos == digitsFrom) {
            pos = start;
            return NONE;
        }
        return negative ? -v : v;
    }

    /**
     * A decimal such as {@code 0.52} after optional blanks, or NaN. Computed as one division of
     * two exact integers, so it equals what {@link Double#parseDouble} would give.
     */
    double nextDecimal() {
        long whole = nextLong();
        if (whole == NONE || whole < 0) return Double.NaN;
        long scaled = whole;
        long scale = 1;
        if (accept('.')) {
            while (pos < end && scale < 1_000_000_000L) {
                int d = buf[pos] - '0';
                if (d < 0 || d > 9) break;
                scaled = scaled * 10 + d;
                scale *= 10;
                pos++;
            }
        }
        return (double) scaled / scale;
    }

    static byte[] ascii(String s) {
        byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) b[i] = (byte) s.charAt(i);
        return b;
    }
}
