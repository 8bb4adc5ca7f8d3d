package sexton.capture;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

import sexton.model.LogLine;

/**
 * Parses one line of a syslog file as written by rsyslog, syslog-ng, sysklogd or ESX's vmsyslogd.
 *
 * <p>Two timestamp shapes: the traditional BSD {@code Nov 23 03:10:01} (day space-padded, no year: the
 * caller says which year, because only it knows the file's context and can handle the December to
 * January rollover) and RFC 3339 ({@code 2026-11-23T03:10:01.123456+00:00}, rsyslog's high-precision
 * template, which carries its own year and offset). Then the host, then the tag: {@code prog[pid]: },
 * {@code prog: }, or anything else, in which case the rest of the line is the message with no program
 * ({@code last message repeated 3 times}).
 *
 * <p>Scanned by hand rather than with a regex: a day of a busy host's logs is millions of lines and this
 * runs on every one of them; only the RFC 3339 timestamp goes through {@code java.time}.
 */
public final class SyslogParser {

    private SyslogParser() {
    }

    // RFC 3339 as rsyslog writes it, and ISO local date-times for writers that leave the offset out
    private static final DateTimeFormatter ISO_MAYBE_OFFSET = DateTimeFormatter.ISO_DATE_TIME;

    /**
     * The line as a {@link LogLine}, or null when it is not a syslog line (no timestamp, or no host after a
     * BSD timestamp).
     *
     * @param defaultYear the year for BSD timestamps, which carry none
     * @param zone        the zone BSD timestamps (and RFC 3339 ones without offset) were written in
     * @param source      what to record as the line's source (a file name)
     */
    public static LogLine parse(String line, int defaultYear, ZoneId zone, String source) {
        if (line == null) return null;
        int n = line.length();
        int i = 0;
        // an unforwarded <PRI> survives in some relayed logs: skip it
        if (n > 0 && line.charAt(0) == '<') {
            int close = line.indexOf('>');
            if (close < 0 || close > 4) return null;
            i = close + 1;
        }
        if (i >= n) return null;
        long time;
        int afterTime;
        char c0 = line.charAt(i);
        if (c0 >= '0' && c0 <= '9') {
            int sp = line.indexOf(' ', i);
            if (sp < 0) return null;
            Long t = rfc3339(line, i, sp, zone);
            if (t == null) return null;
            time = t;
            afterTime = sp;
        } else {
            // "Nov 23 03:10:01" or "Nov  3 03:10:01": 15 characters
            if (i + 15 > n) return null;
            int month = month(line.charAt(i), line.charAt(i + 1), line.charAt(i + 2));
            if (month == 0 || line.charAt(i + 3) != ' ') return null;
            int d1 = line.charAt(i + 4), d2 = line.charAt(i + 5);
            int day;
            int p = i + 6;
            if (d1 == ' ' && isDigit(d2)) {
                day = d2 - '0';
            } else if (isDigit(d1) && isDigit(d2)) {
                day = (d1 - '0') * 10 + (d2 - '0');
            } else if (isDigit(d1) && d2 == ' ') {
                // "Nov 3 03:10:01": some writers do not pad
                day = d1 - '0';
                p = i + 5;
            } else {
                return null;
            }
            if (p + 9 > n || line.charAt(p) != ' ') return null;
            int h = twoDigits(line, p + 1), m = twoDigits(line, p + 4), s = twoDigits(line, p + 7);
            if (h < 0 || m < 0 || s < 0 || line.charAt(p + 3) != ':' || line.charAt(p + 6) != ':') return null;
            p += 9;
            int nanos = 0;
            // syslog-ng and some appliances add ".123" (or more) to a BSD time
            if (p < n && line.charAt(p) == '.') {
                int q = p + 1;
                int scale = 100_000_000;
                while (q < n && isDigit(line.charAt(q))) {
                    nanos += (line.charAt(q) - '0') * scale;
                    scale /= 10;
                    q++;
                }
                if (q == p + 1) return null;
                p = q;
            }
            try {
                time = LocalDateTime.of(defaultYear, month, day, h, m, s, nanos)
                        .atZone(zone).toInstant().toEpochMilli();
            } catch (DateTimeException e) {
                return null; // Feb 30, hour 25, or Feb 29 in a year that has none: the caller may retry
            }
            afterTime = p;
        }
        if (afterTime >= n || line.charAt(afterTime) != ' ') return null;
        int hs = skipSpaces(line, afterTime);
        if (hs >= n) return null;
        int he = line.indexOf(' ', hs);
        if (he < 0) he = n;
        String host;
        int rest;
        if (line.charAt(he - 1) == ':' && he - hs > 1) {
            // ESXi 5+ and some relays write no host: the first word is already the tag ("cimslp: ...");
            // a host name never ends with a colon
            host = null;
            rest = hs;
        } else {
            host = line.substring(hs, he);
            if (he >= n) return null; // a timestamp and a host and nothing else: not a log line worth having
            rest = skipSpaces(line, he);
        }
        return tag(line, rest, time, host, source);
    }

    /** Splits "prog[pid]: message", "prog: message" or a tagless rest starting at {@code from}. */
    private static LogLine tag(String line, int from, long time, String host, String source) {
        int n = line.length();
        int i = from;
        while (i < n) {
            char c = line.charAt(i);
            if (c == ' ' || c == ':' || c == '[') break;
            i++;
        }
        if (i > from && i < n) {
            char c = line.charAt(i);
            if (c == '[') {
                int close = line.indexOf(']', i + 1);
                // "prog[123]:" and "prog[123]: msg"; a bracket without ":" after it is not a tag
                if (close > i && close + 1 < n && line.charAt(close + 1) == ':'
                        && (close + 2 == n || line.charAt(close + 2) == ' ')) {
                    int pid = digits(line, i + 1, close);
                    return new LogLine(time, host, line.substring(from, i), pid, message(line, close + 2), source);
                }
            } else if (c == ':' && (i + 1 == n || line.charAt(i + 1) == ' ')) {
                return new LogLine(time, host, line.substring(from, i), -1, message(line, i + 1), source);
            }
        }
        return new LogLine(time, host, null, -1, line.substring(from), source);
    }

    private static String message(String line, int from) {
        // exactly one space separates tag and message; more are part of the message's own layout
        if (from < line.length() && line.charAt(from) == ' ') from++;
        return from >= line.length() ? "" : line.substring(from);
    }

    /** The pid in brackets, or -1 when it is not a plain decimal number (some tags carry names there). */
    private static int digits(String s, int from, int to) {
        if (to <= from || to - from > 9) return -1;
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static Long rfc3339(String line, int from, int to, ZoneId zone) {
        // cheap shape check before java.time: "2026-11-23T"
        if (to - from < 19 || line.charAt(from + 4) != '-' || line.charAt(from + 10) != 'T') return null;
        try {
            TemporalAccessor t = ISO_MAYBE_OFFSET.parse(line.subSequence(from, to));
            if (t.isSupported(ChronoField.OFFSET_SECONDS)) {
                return OffsetDateTime.from(t).toInstant().toEpochMilli();
            }
            return LocalDateTime.from(t).atZone(zone).toInstant().toEpochMilli();
        } catch (DateTimeException e) { // DateTimeParseException included
            return null;
        }
    }

    private static int month(char a, char b, char c) {
        switch (a) {
            case 'J':
                if (b == 'a' && c == 'n') return 1;
                if (b == 'u' && c == 'n') return 6;
                if (b == 'u' && c == 'l') return 7;
                return 0;
            case 'F': return b == 'e' && c == 'b' ? 2 : 0;
            case 'M':
                if (b == 'a' && c == 'r') return 3;
                if (b == 'a' && c == 'y') return 5;
                return 0;
            case 'A':
                if (b == 'p' && c == 'r') return 4;
                if (b == 'u' && c == 'g') return 8;
                return 0;
            case 'S': return b == 'e' && c == 'p' ? 9 : 0;
            case 'O': return b == 'c' && c == 't' ? 10 : 0;
            case 'N': return b == 'o' && c == 'v' ? 11 : 0;
            case 'D': return b == 'e' && c == 'c' ? 12 : 0;
            default: return 0;
        }
    }

    private static int twoDigits(String s, int i) {
        char a = s.charAt(i), b = s.charAt(i + 1);
        return isDigit(a) && isDigit(b) ? (a - '0') * 10 + (b - '0') : -1;
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && s.charAt(i) == ' ') i++;
        return i;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }
}
