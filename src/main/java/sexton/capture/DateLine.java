package sexton.capture;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;

/**
 * A line printed by {@code date} between blocks: the default output in its English forms
 * ({@code Mon Nov 23 02:45:08 UTC 2026}, {@code Mon 23 Nov 2026 02:45:08 AM UTC}), {@code date -R},
 * ISO 8601 ({@code date -Iseconds}, {@code --rfc-3339}), {@code YYYY-MM-DD HH:MM:SS}, and epoch seconds
 * ({@code @1700000000} or {@code date +%s}). Times without a zone, or with a zone abbreviation
 * this table does not know, are read in {@code zone} (the importing machine's, unless told).
 */
public final class DateLine {
    /** Returned when the line is not a date. */
    public static final long NONE = Long.MIN_VALUE;

    private static final String[] MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    private static final String[] DAYS = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    /** Abbreviations {@code date} prints for common zones; the rest are read in the default zone. */
    private static final Map<String, Integer> ZONES = Map.ofEntries(
            Map.entry("UTC", 0), Map.entry("GMT", 0), Map.entry("UT", 0), Map.entry("Z", 0), Map.entry("WET", 0),
            Map.entry("WEST", 60), Map.entry("BST", 60), Map.entry("CET", 60), Map.entry("CEST", 120),
            Map.entry("EET", 120), Map.entry("EEST", 180), Map.entry("MSK", 180), Map.entry("IST", 330),
            Map.entry("SGT", 480), Map.entry("HKT", 480), Map.entry("JST", 540), Map.entry("KST", 540),
            Map.entry("AEST", 600), Map.entry("AEDT", 660), Map.entry("NZST", 720), Map.entry("NZDT", 780),
            Map.entry("EST", -300), Map.entry("EDT", -240), Map.entry("CST", -360), Map.entry("CDT", -300),
            Map.entry("MST", -420), Map.entry("MDT", -360), Map.entry("PST", -480), Map.entry("PDT", -420),
            Map.entry("AKST", -540), Map.entry("AKDT", -480), Map.entry("HST", -600));

    private DateLine() {}

    /**
     * Cheap test run on every line inside a table: could this line be a date? ps and top rows start
     * with a pid or a user name, never with a weekday, an {@code @}, or {@code YYYY-}.
     */
    static boolean mayBeDate(String line) {
        int i = 0;
        int n = line.length();
        while (i < n && line.charAt(i) == ' ') i++;
        if (i >= n) return false;
        char c = line.charAt(i);
        if (c == '@') return true;
        if (c >= '0' && c <= '9') {
            return i + 4 < n && line.charAt(i + 4) == '-' || allDigits(line, i, n);
        }
        if (i + 3 > n) return false;
        String w = line.substring(i, i + 3).toLowerCase(Locale.ROOT);
        for (String d : DAYS) if (d.equals(w)) return i + 3 == n || !Character.isLetter(line.charAt(i + 3)) || dayName(line, i);
        return false;
    }

    private static boolean dayName(String line, int i) {
        int e = i;
        while (e < line.length() && Character.isLetter(line.charAt(e))) e++;
        String w = line.substring(i, e).toLowerCase(Locale.ROOT);
        return w.endsWith("day") && w.length() >= 6;
    }

    private static boolean allDigits(String s, int from, int to) {
        int end = to;
        while (end > from && s.charAt(end - 1) == ' ') end--;
        if (end - from < 9 || end - from > 11) return false;
        for (int k = from; k < end; k++) if (s.charAt(k) < '0' || s.charAt(k) > '9') return false;
        return true;
    }

    /** Epoch milliseconds of the date on this line, or {@link #NONE} when it is not a date line. */
    public static long parse(String line, ZoneId zone) {
        String s = line.strip();
        if (s.isEmpty()) return NONE;
        char c = s.charAt(0);
        try {
            if (c == '@') return epoch(s.substring(1));
            if (c >= '0' && c <= '9') {
                if (allDigits(s, 0, s.length())) return epoch(s);
                return iso(s, zone);
            }
            return words(s, zone);
        } catch (DateTimeException | NumberFormatException e) {
            return NONE;
        }
    }

    private static long epoch(String digits) {
        String d = digits.strip();
        int dot = d.indexOf('.');
        if (dot >= 0) d = d.substring(0, dot);
        if (d.isEmpty() || d.length() > 12) return NONE;
        for (int i = 0; i < d.length(); i++) if (d.charAt(i) < '0' || d.charAt(i) > '9') return NONE;
        return Long.parseLong(d) * 1000;
    }

    /** {@code 2026-11-23T02:45:08+00:00}, with {@code ,ns} or {@code .ns}, {@code Z}, a space for T, or no zone. */
    private static long iso(String s, ZoneId zone) {
        if (s.length() < 19 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(13) != ':' || s.charAt(16) != ':') return NONE;
        char sep = s.charAt(10);
        if (sep != 'T' && sep != ' ') return NONE;
        String t = s.replace(',', '.');
        if (sep == ' ') t = t.substring(0, 10) + 'T' + t.substring(11);
        int zoneAt = -1;
        for (int i = 19; i < t.length(); i++) {
            char ch = t.charAt(i);
            if (ch == 'Z' || ch == '+' || ch == '-' || ch == ' ') {
                zoneAt = i;
                break;
            }
        }
        try {
            if (zoneAt < 0) return LocalDateTime.parse(t).atZone(zone).toInstant().toEpochMilli();
            String local = t.substring(0, zoneAt);
            String z = t.substring(zoneAt).strip();
            ZoneOffset off = offset(z);
            if (off == null) return NONE;
            return LocalDateTime.parse(local).toInstant(off).toEpochMilli();
        } catch (DateTimeParseException e) {
            return NONE;
        }
    }

    private static ZoneOffset offset(String z) {
        if (z.equals("Z")) return ZoneOffset.UTC;
        if (z.length() == 5 && (z.charAt(0) == '+' || z.charAt(0) == '-')) { // +0100
            z = z.substring(0, 3) + ":" + z.substring(3);
        }
        if (z.length() == 3 && (z.charAt(0) == '+' || z.charAt(0) == '-')) z = z + ":00";
        try {
            return ZoneOffset.of(z);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /**
     * The English forms, word by word: weekday (optional), month name, day, time, AM/PM, zone, year, in
     * the orders {@code date} uses in the C, en_US and en_GB locales and with {@code -R}.
     */
    private static long words(String s, ZoneId zone) {
        int month = -1, day = -1, year = -1, h = -1, m = -1, sec = -1;
        boolean pm = false, am = false, weekday = false;
        ZoneId z = null;
        int offsetMinutes = Integer.MIN_VALUE;
        for (String raw : s.split("[ ,]+")) {
            if (raw.isEmpty()) continue;
            String w = raw.toLowerCase(Locale.ROOT);
            if (!weekday && month < 0 && day < 0 && isDay(w)) { weekday = true; continue; }
            int mo = monthOf(w);
            if (mo >= 0 && month < 0) { month = mo; continue; }
            if (w.indexOf(':') > 0 && h < 0) {
                String[] p = w.split(":");
                if (p.length < 2 || p.length > 3) return NONE;
                h = Integer.parseInt(p[0]);
                m = Integer.parseInt(p[1]);
                sec = p.length == 3 ? (int) Double.parseDouble(p[2]) : 0;
                continue;
            }
            if (w.equals("am") || w.equals("pm")) { am = w.equals("am"); pm = w.equals("pm"); continue; }
            if (raw.charAt(0) == '+' || raw.charAt(0) == '-') {
                ZoneOffset off = offset(raw);
                if (off == null) return NONE;
                offsetMinutes = off.getTotalSeconds() / 60;
                continue;
            }
            if (Character.isDigit(raw.charAt(0))) {
                for (int i = 0; i < raw.length(); i++) if (!Character.isDigit(raw.charAt(i))) return NONE;
                int v = Integer.parseInt(raw);
                if (raw.length() == 4 && year < 0) year = v;
                else if (raw.length() <= 2 && day < 0) day = v;
                else return NONE;
                continue;
            }
            if (Character.isLetter(raw.charAt(0)) && raw.equals(raw.toUpperCase(Locale.ROOT)) && raw.length() <= 5 && z == null
                    && offsetMinutes == Integer.MIN_VALUE) {
                Integer known = ZONES.get(raw);
                if (known != null) offsetMinutes = known;
                else z = zone; // an abbreviation we do not know: the default zone
                continue;
            }
            return NONE;
        }
        if (month < 0 || day < 1 || year < 0 || h < 0) return NONE;
        if (pm && h < 12) h += 12;
        if (am && h == 12) h = 0;
        LocalDateTime local = LocalDate.of(year, month + 1, day).atTime(h, m, sec);
        if (offsetMinutes != Integer.MIN_VALUE) return local.toInstant(ZoneOffset.ofTotalSeconds(offsetMinutes * 60)).toEpochMilli();
        return local.atZone(z != null ? z : zone).toInstant().toEpochMilli();
    }

    private static boolean isDay(String w) {
        if (w.length() < 3) return false;
        String p = w.substring(0, 3);
        for (String d : DAYS) if (d.equals(p)) return w.length() == 3 || w.endsWith("day");
        return false;
    }

    private static int monthOf(String w) {
        if (w.length() < 3 || !Character.isLetter(w.charAt(0))) return -1;
        String p = w.substring(0, 3);
        for (int i = 0; i < MONTHS.length; i++) if (MONTHS[i].equals(p)) return i;
        return -1;
    }

    /** For messages: the time as ISO 8601 in UTC. */
    static String iso(long millis) {
        return OffsetDateTime.ofInstant(java.time.Instant.ofEpochMilli(millis), ZoneOffset.UTC).toString();
    }
}
