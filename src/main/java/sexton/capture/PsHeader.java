package sexton.capture;

import java.util.List;

/**
 * The column layout of a {@code ps} (or {@code top -b}) table, read from its header line, so any
 * {@code -o} list or BSD/UNIX style works. Columns sexton has no use for are still known so that
 * rows can be split; a word it does not know is allowed only last, where it takes the rest of the
 * line like a command would.
 */
public final class PsHeader {
    /** What a column holds, as far as {@link PsRow} cares. */
    enum Kind { PID, PPID, USER, UID, RSS, VSZ, CPU, MEM, STATE, WCHAN, LWP, NLWP, TIME, COMMAND, OTHER }

    private final String line;
    private final Kind[] kinds;
    private final String[] names;
    /** Fields each column spans in a row: 1, or 5 for {@code LSTART}'s date. */
    private final int[] widths;
    private final int rowFields;
    private final boolean lastTakesRest;

    private PsHeader(String line, Kind[] kinds, String[] names, int[] widths, boolean lastTakesRest) {
        this.line = line;
        this.kinds = kinds;
        this.names = names;
        this.widths = widths;
        int n = 0;
        for (int w : widths) n += w;
        this.rowFields = n;
        this.lastTakesRest = lastTakesRest;
    }

    /**
     * Whether {@code line} looks like a ps/top table header: its first word is a known column and
     * a {@code PID} column is present. Rows start with a number or a user name, so they fail fast.
     */
    public static boolean isHeader(String line) {
        int i = 0;
        int n = line.length();
        while (i < n && Fields.isBlank(line.charAt(i))) i++;
        if (i >= n) return false;
        char c = line.charAt(i);
        if (!(c >= 'A' && c <= 'Z') && c != '%') return false;
        int e = i;
        while (e < n && !Fields.isBlank(line.charAt(e))) e++;
        if (kindOf(line.substring(i, e)) == null) return false;
        return hasWord(line, "PID");
    }

    private static boolean hasWord(String line, String word) {
        int from = 0;
        while (true) {
            int at = line.indexOf(word, from);
            if (at < 0) return false;
            int end = at + word.length();
            if ((at == 0 || Fields.isBlank(line.charAt(at - 1)))
                    && (end == line.length() || Fields.isBlank(line.charAt(end)))) return true;
            from = end;
        }
    }

    /** Parses a header line; throws when a column other than the last is unknown. */
    public static PsHeader parse(String source, long lineNo, String line) {
        Fields f = new Fields();
        int n = f.split(line, 0);
        Kind[] kinds = new Kind[n];
        String[] names = new String[n];
        int[] widths = new int[n];
        boolean lastTakesRest = false;
        boolean hasPid = false;
        for (int i = 0; i < n; i++) {
            String word = f.text(i);
            Kind k = kindOf(word);
            boolean last = i == n - 1;
            if (k == null) {
                if (!last) {
                    throw new CaptureFormatException(source, lineNo, "ps header column " + (i + 1) + " '" + word
                            + "' is not a known column; only the last column may be unknown, in: " + line.strip());
                }
                k = Kind.OTHER;
            }
            if (k == Kind.COMMAND && !last) {
                throw new CaptureFormatException(source, lineNo, "ps header has " + word
                        + " before other columns; the command must be the last column, in: " + line.strip());
            }
            if (last && (k == Kind.COMMAND || kindOf(word) == null)) lastTakesRest = true;
            hasPid |= k == Kind.PID;
            kinds[i] = k;
            names[i] = word;
            widths[i] = word.equals("LSTART") || word.equals("STARTED") ? 5 : 1;
        }
        if (!hasPid) {
            throw new CaptureFormatException(source, lineNo, "ps header has no PID column: " + line.strip());
        }
        return new PsHeader(line, kinds, names, widths, lastTakesRest);
    }

    private static Kind kindOf(String word) {
        switch (word) {
            case "PID": case "TGID": return Kind.PID;
            case "PPID": return Kind.PPID;
            case "USER": case "RUSER": case "EUSER": return Kind.USER;
            case "UID": case "RUID": case "EUID": return Kind.UID;
            case "RSS": case "RSZ": case "RES": return Kind.RSS;
            case "VSZ": case "VSIZE": case "VIRT": return Kind.VSZ;
            case "%CPU": return Kind.CPU;
            case "%MEM": return Kind.MEM;
            case "STAT": case "S": return Kind.STATE;
            case "WCHAN": return Kind.WCHAN;
            case "LWP": case "SPID": case "TID": return Kind.LWP;
            case "COMMAND": case "CMD": case "ARGS": case "COMM": return Kind.COMMAND;
            case "TIME": case "TIME+": case "CPUTIME": return Kind.TIME;
            case "NLWP": case "nTH": case "THCNT": return Kind.NLWP;
            case "STIME": case "START": case "LSTART": case "STARTED": case "TTY":
            case "TT": case "C": case "PRI": case "PR": case "NI": case "ADDR": case "SZ": case "F":
            case "SHR": case "P": case "PSR": case "CLS": case "RTPRIO": case "GROUP": case "GID":
            case "PGID": case "SID": case "SESS": case "TPGID": case "ELAPSED": case "SWAP": case "CODE":
            case "DATA": case "nMaj": case "nMin": case "nDRT": case "%CPUmax": case "CPU": case "MAJFL": case "MINFL":
                return Kind.OTHER;
            default: return null;
        }
    }

    /** The header line as read. */
    public String line() { return line; }

    public List<String> columns() { return List.of(names); }

    int columnCount() { return kinds.length; }

    Kind kind(int i) { return kinds[i]; }

    String name(int i) { return names[i]; }

    int width(int i) { return widths[i]; }

    /** Fields a row must have. */
    int rowFields() { return rowFields; }

    /** Whether the last column keeps the rest of the line, spaces included. */
    boolean lastTakesRest() { return lastTakesRest; }

    boolean has(Kind k) {
        for (Kind x : kinds) if (x == k) return true;
        return false;
    }

    /** The column names joined by single spaces, for messages. */
    String describe() { return String.join(" ", names); }
}
