package sexton.capture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneId;
import java.util.HexFormat;

/**
 * A quick first look at a capture, before anything is written: the SHA-256 of its text (to skip
 * content already imported) and where its samples start, counted with the same boundary rule as
 * {@link CaptureReader} but on bytes, without parsing rows. The count places samples in time when
 * the capture has no date line ("modification time minus samples × interval").
 */
final class CaptureScan {
    /** What the scan found; {@code firstDate} is {@link DateLine#NONE} when no date line was seen. */
    record Result(String sha256, long bytes, int samples, long firstDate, int samplesBeforeFirstDate) {
    }

    private CaptureScan() {}

    /**
     * Whether the capture's first block is preceded by a date line: then its samples are placed by
     * their dates and the count is not needed. Looks at the first 64 KiB only.
     */
    static boolean startsWithDate(InputStream in, ZoneId zone) throws IOException {
        byte[] head = in.readNBytes(64 * 1024);
        for (String line : new String(head, StandardCharsets.ISO_8859_1).split("\n")) {
            if (DateLine.mayBeDate(line) && DateLine.parse(line, zone) != DateLine.NONE) return true;
            if (FreeBlock.isHeader(line) || TopSummary.isTopHeader(line) || PsHeader.isHeader(line)) return false;
        }
        return false;
    }

    /** Hashes the text and, when {@code count}, counts its samples (else {@code samples} is 0). */
    static Result scan(InputStream in, ZoneId zone, boolean count) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        Counter c = new Counter(zone);
        byte[] buf = new byte[1 << 20];
        int limit = 0;
        long bytes = 0;
        while (true) {
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) break;
            digest.update(buf, limit, n);
            bytes += n;
            limit += n;
            if (!count) {
                limit = 0;
                continue;
            }
            int start = 0;
            for (int i = 0; i < limit; i++) {
                if (buf[i] == '\n') {
                    c.line(buf, start, i);
                    start = i + 1;
                }
            }
            System.arraycopy(buf, start, buf, 0, limit - start);
            limit -= start;
            if (limit == buf.length) throw new IOException("a line longer than " + buf.length + " bytes: not a text capture");
        }
        if (count && limit > 0) c.line(buf, 0, limit);
        c.end();
        return new Result(HexFormat.of().formatHex(digest.digest()), bytes, c.samples, c.firstDate, c.beforeFirstDate);
    }

    /** The boundary rule of {@link CaptureReader}, driven by the few lines that can start a block. */
    private static final class Counter {
        private final ZoneId zone;
        int samples;
        long firstDate = DateLine.NONE;
        int beforeFirstDate;
        boolean touched, free, top, table, inTable, dated;

        Counter(ZoneId zone) { this.zone = zone; }

        void line(byte[] b, int from, int to) {
            int i = from;
            while (i < to && (b[i] == ' ' || b[i] == '\t')) i++;
            if (i >= to || b[i] == '\r') {
                inTable = false;
                return;
            }
            byte c = b[i];
            boolean candidate = c >= 'A' && c <= 'Z' || c == '%' || c == '@' || c == 't'
                    || c >= '0' && c <= '9' && (i + 4 < to && b[i + 4] == '-' || digitsOnly(b, i, to));
            if (!candidate) {
                if (inTable) table = true;
                return;
            }
            String s = new String(b, from, to - from, StandardCharsets.ISO_8859_1);
            if (DateLine.mayBeDate(s)) {
                long t = DateLine.parse(s, zone);
                if (t != DateLine.NONE) {
                    if (touched) emit();
                    touched = true;
                    dated = true;
                    if (firstDate == DateLine.NONE) {
                        firstDate = t;
                        beforeFirstDate = samples;
                    }
                    inTable = false;
                    return;
                }
            }
            if (FreeBlock.isHeader(s)) {
                if (table || free) emit();
                touched = free = true;
                inTable = false;
            } else if (TopSummary.isTopHeader(s)) {
                if (table || top) emit();
                touched = top = true;
                inTable = false;
            } else if (PsHeader.isHeader(s)) {
                if (table) emit();
                touched = table = inTable = true;
            } else if (inTable) {
                table = true;
            }
        }

        private static boolean digitsOnly(byte[] b, int from, int to) {
            int end = to;
            while (end > from && (b[end - 1] == ' ' || b[end - 1] == '\r')) end--;
            if (end - from < 9 || end - from > 11) return false;
            for (int k = from; k < end; k++) if (b[k] < '0' || b[k] > '9') return false;
            return true;
        }

        private void emit() {
            if (free || top || table) samples++;
            touched = free = top = table = dated = false;
        }

        void end() {
            if (touched) emit();
        }
    }
}
