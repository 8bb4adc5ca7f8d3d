package sexton.model;

/** The state letter of {@code /proc/PID/stat} field 3, as {@code ps} shows it in STAT. */
public enum ProcState {
    RUNNING('R'), SLEEPING('S'), DISK_SLEEP('D'), ZOMBIE('Z'), STOPPED('T'), TRACED('t'),
    DEAD('X'), IDLE('I'), PARKED('P'), PAGING('W'), WAKEKILL('K'), UNKNOWN('?');

    private static final ProcState[] BY_CHAR = new ProcState[128];
    static {
        for (ProcState s : values()) BY_CHAR[s.code] = s;
        BY_CHAR['x'] = DEAD; // 2.6.33 to 3.13 used a lower-case x as well
    }

    private final char code;

    ProcState(char code) { this.code = code; }

    public char code() { return code; }

    /** The state for a letter; {@link #UNKNOWN} for letters a future kernel may add. */
    public static ProcState of(int c) {
        ProcState s = c >= 0 && c < 128 ? BY_CHAR[c] : null;
        return s == null ? UNKNOWN : s;
    }
}
