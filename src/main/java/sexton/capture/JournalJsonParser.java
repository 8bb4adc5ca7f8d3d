package sexton.capture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import sexton.model.LogLine;

/**
 * Parses one line of {@code journalctl -o json} into a {@link LogLine}.
 *
 * <p>The fields used: {@code __REALTIME_TIMESTAMP} (microseconds since the epoch, as a string),
 * {@code _HOSTNAME}, {@code SYSLOG_IDENTIFIER} (else {@code _COMM}: what syslog would have shown as the
 * tag), {@code _PID} (else {@code SYSLOG_PID}) and {@code MESSAGE}. journalctl writes a field whose value
 * is not valid UTF-8 as an array of byte values, and a field that occurs more than once in an entry as an
 * array of values: both are handled. Streaming jackson-core, not databind, because the journal of a
 * storm is hundreds of thousands of entries and each has some twenty fields we skip.
 */
public final class JournalJsonParser {

    private JournalJsonParser() {
    }

    /** Thread-safe once configured, and costly to create: one for all. */
    private static final JsonFactory JSON = new JsonFactory();

    /** The line as a LogLine with source {@code "journal"}, or null when it is malformed or has no time. */
    public static LogLine parse(String jsonLine) {
        if (jsonLine == null || jsonLine.isEmpty()) return null;
        long micros = -1;
        String host = null, identifier = null, comm = null, message = null;
        int pid = -1, syslogPid = -1;
        try (JsonParser p = JSON.createParser(jsonLine)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return null;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "__REALTIME_TIMESTAMP": {
                        String v = text(p);
                        if (v == null) return null;
                        micros = Long.parseLong(v.trim());
                        break;
                    }
                    case "_HOSTNAME": host = text(p); break;
                    case "SYSLOG_IDENTIFIER": identifier = text(p); break;
                    case "_COMM": comm = text(p); break;
                    case "_PID": pid = pid(text(p)); break;
                    case "SYSLOG_PID": syslogPid = pid(text(p)); break;
                    case "MESSAGE": message = text(p); break;
                    default: p.skipChildren();
                }
            }
            // the object must close and nothing but whitespace may follow it
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) return null;
        } catch (IOException | NumberFormatException e) {
            return null; // truncated line (journalctl killed mid-write), not JSON, or a timestamp that is not a number
        }
        if (micros < 0) return null;
        String program = identifier != null ? identifier : comm;
        return new LogLine(micros / 1000, host, program, pid >= 0 ? pid : syslogPid,
                message == null ? "" : message, "journal");
    }

    /**
     * The current value as text: a string, a number's text, an array of byte values decoded as UTF-8 with
     * replacement, or for an array of strings (a field repeated in one entry) the first; null for null.
     */
    private static String text(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT) return p.getText();
        if (t == JsonToken.START_ARRAY) {
            ByteArrayOutputStream bytes = null;
            String first = null;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) throw new IOException("unterminated array");
                if (t == JsonToken.VALUE_NUMBER_INT) {
                    if (bytes == null) bytes = new ByteArrayOutputStream(64);
                    bytes.write(p.getIntValue());
                } else if (t == JsonToken.VALUE_STRING) {
                    if (first == null) first = p.getText();
                } else {
                    p.skipChildren();
                }
            }
            if (first != null) return first;
            // new String(.., UTF_8) replaces malformed input with U+FFFD rather than failing
            return bytes == null ? "" : new String(bytes.toByteArray(), StandardCharsets.UTF_8);
        }
        p.skipChildren();
        return null;
    }

    private static int pid(String s) {
        if (s == null) return -1;
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
