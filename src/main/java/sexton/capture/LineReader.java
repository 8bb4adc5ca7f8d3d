package sexton.capture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Lines of a capture, read straight from bytes: ASCII lines (nearly all of them) become strings by a
 * copy, others are decoded as UTF-8 (invalid bytes replaced). Counts lines and bytes for messages
 * and progress.
 */
final class LineReader implements AutoCloseable {
    private final InputStream in;
    private final byte[] buf = new byte[1 << 20];
    private int pos;
    private int limit;
    private long consumed;
    private long lineNo;
    private boolean eof;
    private boolean lastHadNewline = true;

    LineReader(InputStream in) {
        this.in = in;
    }

    /** The next line without its end of line, or null at the end. */
    String next() throws IOException {
        while (true) {
            for (int i = pos; i < limit; i++) {
                if (buf[i] == '\n') {
                    String s = text(pos, i);
                    consumed += i + 1 - pos;
                    pos = i + 1;
                    lineNo++;
                    lastHadNewline = true;
                    return s;
                }
            }
            if (eof) {
                if (pos == limit) return null;
                String s = text(pos, limit);
                consumed += limit - pos;
                pos = limit;
                lineNo++;
                lastHadNewline = false;
                return s;
            }
            fill();
        }
    }

    private void fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        if (limit == buf.length) throw new IOException("a line longer than " + buf.length + " bytes: not a text capture");
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            eof = true;
        } else {
            limit += n;
        }
    }

    private String text(int from, int to) {
        int end = to > from && buf[to - 1] == '\r' ? to - 1 : to;
        for (int i = from; i < end; i++) {
            if (buf[i] < 0) return new String(buf, from, end - from, StandardCharsets.UTF_8);
        }
        return new String(buf, from, end - from, StandardCharsets.ISO_8859_1);
    }

    /** Number of the line last returned, from 1. */
    long lineNo() { return lineNo; }

    /** Bytes of (decompressed) text consumed so far. */
    long consumed() { return consumed; }

    /** Whether the last line returned ended with a newline; false when the file was cut mid-line. */
    boolean lastHadNewline() { return lastHadNewline; }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
