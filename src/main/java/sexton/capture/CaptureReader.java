package sexton.capture;

import java.io.IOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Streams one capture into {@link CaptureSample}s. A sample is the run of blocks between boundaries:
 * a {@code date} line starts one (it precedes its block); a {@code free} block, a {@code top -} header
 * or a {@code ps} header starts one when the current sample already has a table, or a block of the
 * same kind. Shell echoes ({@code $ free -m}), comments and separator lines are allowed between
 * blocks; any other line is an error naming file, line and what was expected, or, with
 * {@code lenient}, the sample it is in is skipped up to the next block and the skip is reported.
 * A last line cut short (no newline) that does not parse, or a block the file ends inside, is a
 * truncated capture: that sample is dropped and noted, not an error.
 */
public final class CaptureReader {
    private enum State { IDLE, FREE, TOP, TABLE, SKIP }

    private final String source;
    private final ZoneId zone;
    private final boolean lenient;
    private final boolean keepRows;
    private final List<String> skipped = new ArrayList<>();
    private String truncated;

    private State state = State.IDLE;
    private int index;
    private long firstLine;
    private long date = DateLine.NONE;
    private FreeBlock free;
    private TopSummary top;
    private List<PsRow> rows;
    private PsTable table;
    private long unitHint;
    private boolean touched;

    /**
     * @param keepRows false for a counting pass: rows are still parsed (and so checked) but not kept
     */
    public CaptureReader(String source, ZoneId zone, boolean lenient, boolean keepRows) {
        this.source = source;
        this.zone = zone;
        this.lenient = lenient;
        this.keepRows = keepRows;
    }

    /** Reads every line, handing each finished sample to {@code out}; returns the samples handed. */
    int read(LineReader in, Consumer<CaptureSample> out) throws IOException {
        String line;
        while ((line = in.next()) != null) {
            long no = in.lineNo();
            State before = state;
            try {
                line(line, no, out);
            } catch (CaptureFormatException e) {
                // a stray line between blocks spoils no block: the sample before it stands
                if (before == State.IDLE && (free != null && free.complete() || rows != null)) emit(no, out);
                if (!in.lastHadNewline()) {
                    truncated = source + ":" + no + ": the last line is cut short; its sample was left out";
                    reset(no);
                    state = State.SKIP;
                    continue;
                }
                if (!lenient) throw e;
                skipped.add(e.getMessage());
                reset(no);
                state = State.SKIP;
            }
        }
        finish(in.lineNo(), out);
        return index;
    }

    private void line(String line, long no, Consumer<CaptureSample> out) {
        if (isBlank(line)) {
            if (state == State.TABLE || state == State.FREE) state = State.IDLE;
            return;
        }
        if ((state != State.TABLE || DateLine.mayBeDate(line))) {
            long t = DateLine.mayBeDate(line) ? DateLine.parse(line, zone) : DateLine.NONE;
            if (t != DateLine.NONE) {
                if (touched) emit(no, out);
                if (!touched) firstLine = no;
                date = t;
                touched = true;
                state = State.IDLE;
                return;
            }
        }
        if (state == State.TABLE) {
            if ((line.contains("$ ") || line.contains("# ") || line.startsWith("+ ")) && commentary(line)) {
                state = State.IDLE; // an echoed prompt right under a table: the table is over
                return;
            }
            if (PsHeader.isHeader(line)) {
                newTable(line, no, out);
                return;
            }
            if (!(FreeBlock.isHeader(line) || TopSummary.isTopHeader(line))) {
                PsRow r = table.parse(line, no);
                if (keepRows) rows.add(r);
                return;
            }
        }
        if (FreeBlock.isHeader(line)) {
            if (rows != null || free != null) emit(no, out);
            start(no);
            free = FreeBlock.header(source, no, line);
            state = State.FREE;
            return;
        }
        if (state == State.FREE && FreeBlock.isRow(line)) {
            free.row(no, line);
            return;
        }
        if (TopSummary.isTopHeader(line)) {
            if (rows != null || top != null) emit(no, out);
            start(no);
            top = new TopSummary();
            top.header(source, no, line);
            state = State.TOP;
            return;
        }
        if (state == State.TOP && TopSummary.isSummaryLine(line)) {
            top.summary(source, no, line);
            return;
        }
        if (PsHeader.isHeader(line)) {
            newTable(line, no, out);
            return;
        }
        if (commentary(line)) return;
        if (state == State.SKIP) return;
        String expected = switch (state) {
            case FREE -> "a free row (Mem:, Swap:, -/+ buffers/cache:)";
            case TOP -> "a top summary line (Tasks:, %Cpu(s):, Mem, Swap) or its table header";
            default -> "a date line, a free header, a 'top -' line or a ps header";
        };
        throw new CaptureFormatException(source, no, "'" + shorten(line) + "' fits no known layout; expected " + expected);
    }

    private void newTable(String line, long no, Consumer<CaptureSample> out) {
        boolean ofTop = state == State.TOP;
        if (rows != null) emit(no, out);
        start(no);
        table = new PsTable(source, PsHeader.parse(source, no, line), ofTop);
        rows = new ArrayList<>(keepRows ? 512 : 0);
        state = State.TABLE;
    }

    private void start(long no) {
        if (!touched) firstLine = no;
        touched = true;
    }

    /** Hands the current sample on if it holds anything worth a sample, and starts the next. */
    private void emit(long no, Consumer<CaptureSample> out) {
        if (free != null && !free.complete()) {
            throw new CaptureFormatException(source, no, "the free block above has no Mem: row");
        }
        if (free != null || top != null && top.haveMem || rows != null) {
            out.accept(new CaptureSample(index++, firstLine, date, free, top, keepRows ? rows : null == rows ? null : List.of(),
                    unitHint));
        }
        reset(no);
    }

    private void reset(long no) {
        date = DateLine.NONE;
        free = null;
        top = null;
        rows = null;
        table = null;
        touched = false;
        firstLine = no;
        state = State.IDLE;
    }

    private void finish(long lastLine, Consumer<CaptureSample> out) {
        if (state == State.SKIP || !touched) return;
        boolean cut = free != null && !free.complete() || top != null && rows == null;
        if (cut) {
            truncated = source + ":" + lastLine + ": the capture ends inside a block; its sample was left out";
            return;
        }
        if (free == null && top == null && rows == null) return; // a date line with nothing after it
        emit(lastLine, out);
    }

    /**
     * Lines people leave between blocks: shell echoes of the commands ({@code $ free -m},
     * {@code + ps -eo ...}), comments, separators. A {@code free} echo tells the unit of the blocks
     * that follow.
     */
    private boolean commentary(String line) {
        String s = line.strip();
        if (s.startsWith("#") && !s.contains("$")) return true;
        boolean punctuation = true;
        for (int i = 0; i < s.length() && punctuation; i++) punctuation = "-=#*+~_ ".indexOf(s.charAt(i)) >= 0;
        if (punctuation) return true;
        int prompt = Math.max(s.lastIndexOf("$ "), Math.max(s.lastIndexOf("# "), s.lastIndexOf("> ")));
        String cmd = prompt >= 0 ? s.substring(prompt + 2).strip() : s.startsWith("+ ") ? s.substring(2).strip() : s;
        String first = cmd.split("\\s+", 2)[0];
        int slash = first.lastIndexOf('/');
        first = first.substring(slash + 1);
        switch (first) {
            case "free" -> {
                unitHint = freeUnit(cmd);
                return true;
            }
            case "ps", "top", "date", "sleep", "echo", "uptime", "hostname", "uname", "vmstat", "cat", "while", "do",
                    "done", "for", "watch", "clear" -> {
                return prompt >= 0 || s.startsWith("+ ") || s.equals(cmd) && isShellish(cmd);
            }
            default -> {
                return false;
            }
        }
    }

    /** A bare line such as {@code sleep 10} or {@code done}: a command, not data. */
    private static boolean isShellish(String cmd) {
        String[] w = cmd.split("\\s+");
        return w.length <= 8;
    }

    /** Unit in bytes that {@code free}'s options ask for; 0 when they give no plain unit (or -h). */
    static long freeUnit(String cmd) {
        long unit = 1024;
        for (String w : cmd.split("\\s+")) {
            if (!w.startsWith("-")) continue;
            String o = w.toLowerCase(Locale.ROOT);
            if (o.equals("--bytes") || o.startsWith("-") && !o.startsWith("--") && o.contains("b")) unit = 1;
            if (o.equals("--kilo") || o.equals("--kibi") || !o.startsWith("--") && o.contains("k")) unit = 1024;
            if (o.equals("--mega") || o.equals("--mebi") || !o.startsWith("--") && o.contains("m")) unit = 1024L * 1024;
            if (o.equals("--giga") || o.equals("--gibi") || !o.startsWith("--") && o.contains("g")) unit = 1024L * 1024 * 1024;
            if (o.equals("--tera") || o.equals("--tebi")) unit = 1024L * 1024 * 1024 * 1024;
            if (o.equals("-h") || o.equals("--human")) return 0;
        }
        return unit;
    }

    private static boolean isBlank(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\t' && c != '\r') return false;
        }
        return true;
    }

    private static String shorten(String line) {
        String s = line.strip();
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    /** Where blocks were skipped ({@code file:line: why}), with {@code lenient}. */
    public List<String> skipped() { return skipped; }

    /** Why the last sample was left out, or null when the capture ended cleanly. */
    public String truncated() { return truncated; }
}
