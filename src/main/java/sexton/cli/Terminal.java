package sexton.cli;

/**
 * Text from the host is hostile: process names can hold escape sequences that would rewrite the
 * admin's terminal. Every text output goes through {@link #clean}.
 */
final class Terminal {
    private Terminal() {}

    /** Replaces C0/C1 control characters and DEL with '?' (tab becomes a space). */
    static String clean(String s) {
        if (s == null) return null;
        int i = 0;
        int n = s.length();
        while (i < n && !isControl(s.charAt(i))) i++;
        if (i == n) return s;
        StringBuilder b = new StringBuilder(n).append(s, 0, i);
        for (; i < n; i++) {
            char c = s.charAt(i);
            b.append(c == '\t' ? ' ' : isControl(c) ? '?' : c);
        }
        return b.toString();
    }

    private static boolean isControl(char c) {
        return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0);
    }

    /** True when standard output is an interactive terminal (progress displays only then). */
    static boolean interactive() {
        return System.console() != null;
    }

    /** KiB as a short human figure: 512K, 3.4M, 12.0G. */
    static String human(long kib) {
        if (kib < 0) return "-";
        if (kib < 1024) return kib + "K";
        double v = kib / 1024.0;
        String[] units = {"M", "G", "T", "P"};
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return (v >= 100 ? String.format("%.0f", v) : String.format("%.1f", v)) + units[u];
    }
}
