package sexton.capture;

/**
 * Turns rows under one {@link PsHeader} into {@link PsRow}s. Fields are split on blanks except the
 * last column, which keeps the rest of the line because commands contain spaces. Not thread-safe:
 * it reuses one field buffer across rows.
 */
final class PsTable {
    private final String source;
    private final PsHeader header;
    private final Fields fields = new Fields();
    private final boolean hasState;
    private final boolean hasUserName;
    private final boolean top;

    PsTable(String source, PsHeader header, boolean top) {
        this.source = source;
        this.header = header;
        this.hasState = header.has(PsHeader.Kind.STATE);
        this.hasUserName = header.has(PsHeader.Kind.USER);
        this.top = top;
    }

    PsHeader header() { return header; }

    /** Parses one non-blank row; throws {@link CaptureFormatException} when it does not fit the header. */
    PsRow parse(String line, long lineNo) {
        int need = header.rowFields();
        int got = fields.split(line, header.lastTakesRest() ? need : 0);
        if (got < need || !header.lastTakesRest() && got > need) {
            throw new CaptureFormatException(source, lineNo, "ps row has " + got + " fields where the header ("
                    + header.describe() + ") has " + need);
        }
        int pid = -1, ppid = -1, uid = -1, threads = -1;
        String user = null, wchan = null, command = null;
        long rss = -1, vsz = -1, cpuSeconds = -1;
        double cpu = Double.NaN, mem = Double.NaN;
        char state = '?';
        int f = 0;
        for (int c = 0; c < header.columnCount(); f += header.width(c), c++) {
            switch (header.kind(c)) {
                case PID -> pid = intField(f, c, lineNo);
                case PPID -> ppid = intField(f, c, lineNo);
                case NLWP -> threads = intField(f, c, lineNo);
                case USER -> {
                    user = fields.text(f);
                    long v = fields.longAt(f);
                    if (v != Fields.NONE && v <= Integer.MAX_VALUE) uid = (int) v;
                }
                case UID -> {
                    long v = fields.longAt(f);
                    if (v != Fields.NONE && v <= Integer.MAX_VALUE) uid = (int) v;
                    else if (!hasUserName) user = fields.text(f); // ps -f titles the user name UID
                }
                case RSS -> rss = kibField(f, c, lineNo);
                case VSZ -> vsz = kibField(f, c, lineNo);
                case CPU -> cpu = percentField(f, c, lineNo);
                case MEM -> mem = percentField(f, c, lineNo);
                case STATE -> state = fields.charAt(f, 0);
                case WCHAN -> wchan = fields.is(f, "-") || fields.is(f, "0") ? null : fields.text(f);
                case TIME -> cpuSeconds = timeField(f, c, lineNo);
                case COMMAND -> command = fields.text(f);
                default -> { }
            }
        }
        boolean zombie = hasState ? state == 'Z' : command != null && isDefunct(command);
        if (!hasState && zombie) state = 'Z';
        return new PsRow(pid, ppid, user, uid, rss, vsz, cpu, mem, state, wchan, threads, cpuSeconds, command, zombie);
    }

    /** ps prints an unreaped child as {@code [name] <defunct>}; some versions put the mark inside. */
    static boolean isDefunct(String command) {
        int n = command.length();
        if (n < 9 || command.charAt(n - 1) != '>' && command.charAt(n - 1) != ']') return false;
        return command.endsWith("<defunct>") || command.endsWith("<defunct>]");
    }

    private int intField(int f, int c, long lineNo) {
        long v = fields.longAt(f);
        if (v == Fields.NONE || v > Integer.MAX_VALUE) throw notNumber(f, c, lineNo, "a whole number");
        return (int) v;
    }

    private long kibField(int f, int c, long lineNo) {
        long v = fields.kibAt(f, 1); // ps prints KiB; top adds m/g/t to big figures
        if (v == Fields.NONE) {
            if (fields.is(f, "-")) return -1;
            throw notNumber(f, c, lineNo, "a size in KiB");
        }
        return v;
    }

    private double percentField(int f, int c, long lineNo) {
        double v = fields.decimalAt(f);
        if (Double.isNaN(v)) {
            if (fields.is(f, "-")) return Double.NaN;
            throw notNumber(f, c, lineNo, "a percentage");
        }
        return v;
    }

    /** ps TIME {@code [[DD-]HH:]MM:SS}, top TIME+ {@code M:SS.hh}; whole seconds. */
    private long timeField(int f, int c, long lineNo) {
        String s = fields.text(f);
        long days = 0;
        int dash = s.indexOf('-');
        if (dash > 0) {
            days = Fields.parseLong(s, 0, dash);
            s = s.substring(dash + 1);
        }
        int dot = s.indexOf('.');
        if (dot >= 0) s = s.substring(0, dot);
        long total = 0;
        int parts = 0;
        int from = 0;
        while (from <= s.length()) {
            int colon = s.indexOf(':', from);
            int to = colon < 0 ? s.length() : colon;
            long v = Fields.parseLong(s, from, to);
            if (v == Fields.NONE || days == Fields.NONE) throw notNumber(f, c, lineNo, "a CPU time such as 01:02:03");
            total = total * 60 + v;
            parts++;
            if (colon < 0) break;
            from = colon + 1;
        }
        if (parts < 2 || parts > 3) throw notNumber(f, c, lineNo, "a CPU time such as 01:02:03");
        return days * 86400 + total;
    }

    private CaptureFormatException notNumber(int f, int c, long lineNo, String expected) {
        return new CaptureFormatException(source, lineNo, (top ? "top" : "ps") + " row field " + header.name(c) + " is '"
                + fields.text(f) + "', expected " + expected + " (header " + header.describe() + ")");
    }
}
