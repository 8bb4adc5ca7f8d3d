package sexton.capture;

/** Captured text that does not have the shape its header promised; names the file and line. */
public final class CaptureFormatException extends IllegalArgumentException {
    private final String source;
    private final long line;
    private final String detail;

    public CaptureFormatException(String source, long line, String message) {
        super(source + ":" + line + ": " + message);
        this.source = source;
        this.line = line;
        this.detail = message;
    }

    public String source() { return source; }

    public long line() { return line; }

    /** The message without the {@code source:line:} prefix. */
    public String detail() { return detail; }
}
