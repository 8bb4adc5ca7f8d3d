package sexton.capture;

/**
 * The whitespace-separated fields of one line, kept as offsets into it so that splitting a row
 * allocates nothing but the strings a caller asks for. The last field may be told to take the rest
 * of the line, as a command column does.
 */
final class Fields {
    /** Returned by {@link #longAt} when the field is not a whole number. */
    static final long NONE = Long.MIN_VALUE;

    private String line = "";
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private int count;

    /**
     * Splits {@code line}; when {@code max > 0} the {@code max}-th field runs to the end of the line
     * (trailing blanks dropped), keeping inner spaces.
     */
    int split(String line, int max) {
        this.line = line;
        count = 0;
        int n = line.length();
        int i = 0;
        while (true) {
            while (i < n && isBlank(line.charAt(i))) i++;
            if (i >= n) break;
            if (count == starts.length) grow();
            starts[count] = i;
            if (max > 0 && count == max - 1) {
                int e = n;
                while (e > i && isBlank(line.charAt(e - 1))) e--;
                ends[count++] = e;
                break;
            }
            while (i < n && !isBlank(line.charAt(i))) i++;
            ends[count++] = i;
        }
        return count;
    }

    private void grow() {
        starts = java.util.Arrays.copyOf(starts, starts.length * 2);
        ends = java.util.Arrays.copyOf(ends, ends.length * 2);
    }

    static boolean isBlank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

    int count() { return count; }

    String text(int i) { return line.substring(starts[i], ends[i]); }

    int length(int i) { return ends[i] - starts[i]; }

    char charAt(int i, int k) { return line.charAt(starts[i] + k); }

    char lastChar(int i) { return line.charAt(ends[i] - 1); }

    boolean is(int i, String s) { return length(i) == s.length() && line.startsWith(s, starts[i]); }

    /** A non-negative whole number, or {@link #NONE}. */
    long longAt(int i) {
        return parseLong(line, starts[i], ends[i]);
    }

    static long parseLong(String s, int from, int to) {
        if (from >= to || to - from > 18) return NONE;
        long v = 0;
        for (int k = from; k < to; k++) {
            int d = s.charAt(k) - '0';
            if (d < 0 || d > 9) return NONE;
            v = v * 10 + d;
        }
        return v;
    }

    /** A signed whole number such as a nice value, or {@link #NONE}. */
    long signedLongAt(int i) {
        if (length(i) > 1 && charAt(i, 0) == '-') {
            long v = parseLong(line, starts[i] + 1, ends[i]);
            return v == NONE ? NONE : -v;
        }
        return longAt(i);
    }

    /** A decimal such as {@code 12.5} or {@code 0}, or NaN. */
    double decimalAt(int i) {
        return parseDecimal(line, starts[i], ends[i]);
    }

    static double parseDecimal(String s, int from, int to) {
        int dot = -1;
        for (int k = from; k < to; k++) {
            if (s.charAt(k) == '.') {
                dot = k;
                break;
            }
        }
        if (dot < 0) {
            long v = parseLong(s, from, to);
            return v == NONE ? Double.NaN : v;
        }
        long whole = dot == from ? 0 : parseLong(s, from, dot);
        long frac = dot + 1 == to ? 0 : parseLong(s, dot + 1, to);
        if (whole == NONE || frac == NONE || to - dot - 1 > 15) return Double.NaN;
        // One division of two exact integers, so the result equals Double.parseDouble's.
        return (double) (whole * POW10[to - dot - 1] + frac) / POW10[to - dot - 1];
    }

    private static final long[] POW10 = new long[16];

    static {
        POW10[0] = 1;
        for (int k = 1; k < POW10.length; k++) POW10[k] = POW10[k - 1] * 10;
    }

    /** A size such as {@code 1.2Gi} or {@code 512m} in KiB (see {@link #parseKib}), or {@link #NONE}. */
    long kibAt(int i, long unitKib) {
        return parseKib(line, starts[i], ends[i], unitKib);
    }

    /**
     * A memory size in KiB. A bare number counts in {@code unitKib}; a suffix overrides it: B, K/Ki,
     * M/Mi, G/Gi, T/Ti, P/Pi in either case. Single-letter suffixes count in powers of 1024 because
     * that is what {@code top} and procps 3.3 {@code free -h} meant by them; {@code free --si}
     * output is the one case this gets 2.4% wrong, and it cannot be told apart.
     */
    static long parseKib(String s, int from, int to, long unitKib) {
        int numEnd = from;
        while (numEnd < to && (Character.isDigit(s.charAt(numEnd)) || s.charAt(numEnd) == '.')) numEnd++;
        if (numEnd == from) return NONE;
        int sfx = numEnd;
        int sfxLen = to - sfx;
        double scale;
        if (sfxLen == 0) {
            long whole = parseLong(s, from, numEnd);
            if (whole != NONE) return whole * unitKib;
            scale = unitKib;
        } else {
            if (sfxLen == 2 && s.charAt(sfx + 1) != 'i' || sfxLen > 2) return NONE;
            switch (Character.toUpperCase(s.charAt(sfx))) {
                case 'B': if (sfxLen != 1) return NONE; scale = 1.0 / 1024; break;
                case 'K': scale = 1; break;
                case 'M': scale = 1L << 10; break;
                case 'G': scale = 1L << 20; break;
                case 'T': scale = 1L << 30; break;
                case 'P': scale = 1L << 40; break;
                case 'E': scale = 1L << 50; break;
                default: return NONE;
            }
        }
        double v = parseDecimal(s, from, numEnd);
        if (Double.isNaN(v)) return NONE;
        return Math.round(v * scale);
    }
}
