package sexton.analysis;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import sexton.model.LogLine;
import sexton.model.LogTemplate;

/**
 * Log evidence for a zombie storm: the lines that name the zombies' command or their parent, grouped by
 * template, so that 3,412 lines differing only in their pid read as one line with a count.
 *
 * <p>A template is the line ({@code prog[pid]: message}) with the variable parts masked to {@code *}:
 * tokens that are all digits or digits with separators (pids, counts, ports, times, IPv4 addresses,
 * {@code 12345.678}), {@code 0x} hex, runs of at least 8 hex digits with a digit among them (ids, hashes,
 * UUIDs, MAC addresses) and IPv6 addresses. Words that merely contain digits ({@code ipv6}, {@code ssh2},
 * {@code eth0}) are kept: they are part of what the line says, not of what varies. Masking is a hand
 * scan of tokens, since it runs on every matching line of a storm.
 */
public final class LogTemplates {

    private LogTemplates() {
    }

    /** How many distinct templates a {@link Tally} tracks before counting the rest into {@link #OTHER}. */
    public static final int DEFAULT_MAX_TEMPLATES = 10_000;
    /** The template of the bucket holding lines of templates beyond the cap; its program is null. */
    public static final String OTHER = "(other templates)";

    /** The {@code limit} most frequent templates of the lines that concern {@code names}; see {@link Tally}. */
    public static List<LogTemplate> top(Iterable<LogLine> lines, Set<String> names, int limit) {
        return top(lines, names, limit, DEFAULT_MAX_TEMPLATES);
    }

    /** As {@link #top(Iterable, Set, int)} with a cap of {@code maxTemplates} distinct templates. */
    public static List<LogTemplate> top(Iterable<LogLine> lines, Set<String> names, int limit, int maxTemplates) {
        Tally t = new Tally(names, maxTemplates);
        for (LogLine l : lines) t.accept(l);
        return t.top(limit);
    }

    /**
     * Counts templates of lines as they stream by (from {@code LogFiles.read} or {@code journal}), in memory
     * bounded by the cap. A line counts when its program is one of the names, or its message contains one
     * as a word (the parent logging about its child). Not thread-safe.
     */
    public static final class Tally implements Consumer<LogLine> {
        private final String[] names;
        private final Set<String> nameSet;
        private final int maxTemplates;
        private final Map<String, Group> groups = new HashMap<>();
        private Group other;
        private final StringBuilder key = new StringBuilder(256);

        public Tally(Set<String> names) {
            this(names, DEFAULT_MAX_TEMPLATES);
        }

        public Tally(Set<String> names, int maxTemplates) {
            if (maxTemplates < 1) throw new IllegalArgumentException("maxTemplates < 1");
            this.nameSet = Set.copyOf(names);
            this.names = nameSet.stream().filter(s -> !s.isEmpty()).toArray(String[]::new);
            this.maxTemplates = maxTemplates;
        }

        @Override
        public void accept(LogLine l) {
            if (!matches(l)) return;
            String template = template(l);
            String program = l.program();
            // the key keeps program apart from template: two programs may log the same text
            key.setLength(0);
            key.append(program == null ? "" : program).append('\0').append(template);
            String k = key.toString();
            Group g = groups.get(k);
            if (g == null) {
                if (groups.size() >= maxTemplates) {
                    // a storm's own lines are among the first templates seen and the most frequent;
                    // later rarities only add to a count, so memory stays bounded whatever the logs hold
                    if (other == null) other = new Group(null, OTHER, example(l), l.timeMillis());
                    other.add(l.timeMillis());
                    return;
                }
                g = new Group(program, template, example(l), l.timeMillis());
                groups.put(k, g);
            }
            g.add(l.timeMillis());
        }

        boolean matches(LogLine l) {
            if (l.program() != null && nameSet.contains(l.program())) return true;
            String m = l.message();
            if (m == null) return false;
            for (String n : names) {
                if (containsWord(m, n)) return true;
            }
            return false;
        }

        /** How many distinct templates are tracked (not counting the other bucket). */
        public int distinct() {
            return groups.size();
        }

        /** The {@code limit} templates with the most lines, the other bucket ranked among them by its count. */
        public List<LogTemplate> top(int limit) {
            List<Group> all = new ArrayList<>(groups.values());
            if (other != null) all.add(other);
            all.sort(Comparator.comparingLong((Group g) -> -g.count)
                    .thenComparingLong(g -> g.first)
                    .thenComparing(g -> g.template));
            List<LogTemplate> out = new ArrayList<>(Math.min(limit, all.size()));
            for (Group g : all) {
                if (out.size() >= limit) break;
                out.add(new LogTemplate(g.program, g.template, g.count, g.first, g.last, g.example));
            }
            return out;
        }
    }

    private static final class Group {
        final String program;
        final String template;
        final String example;
        long count;
        long first;
        long last;

        Group(String program, String template, String example, long time) {
            this.program = program;
            this.template = template;
            this.example = example;
            this.first = time;
            this.last = time;
        }

        void add(long t) {
            count++;
            // files are read one after another, rotated ones too, so times do not arrive in order
            if (t < first) first = t;
            if (t > last) last = t;
        }
    }

    /** Whether {@code word} occurs in {@code s} with no letter, digit or underscore either side. */
    static boolean containsWord(String s, String word) {
        int from = 0;
        int wl = word.length();
        while (true) {
            int i = s.indexOf(word, from);
            if (i < 0) return false;
            boolean before = i == 0 || !isWordChar(s.charAt(i - 1));
            boolean after = i + wl == s.length() || !isWordChar(s.charAt(i + wl));
            if (before && after) return true;
            from = i + 1;
        }
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /** The line as it was logged: {@code prog[pid]: message}. */
    static String example(LogLine l) {
        if (l.program() == null) return l.message();
        return l.pid() >= 0 ? l.program() + "[" + l.pid() + "]: " + l.message() : l.program() + ": " + l.message();
    }

    /** The masked line: {@code prog[*]: masked message}, {@code prog: masked message} or the masked message. */
    static String template(LogLine l) {
        String m = mask(l.message());
        if (l.program() == null) return m;
        return l.pid() >= 0 ? l.program() + "[*]: " + m : l.program() + ": " + m;
    }

    /**
     * {@code s} with each variable token replaced by {@code *}. Tokens are runs between whitespace and
     * the punctuation that frames values ({@code [](){}<>,;"'=/|}); a token's trailing {@code .}, {@code :}
     * or {@code ,} is punctuation of the sentence and kept.
     */
    public static String mask(String s) {
        if (s == null) return "";
        int n = s.length();
        StringBuilder out = null; // allocated on the first masked token: most words are kept
        int i = 0;
        while (i < n) {
            if (isDelimiter(s.charAt(i))) {
                if (out != null) out.append(s.charAt(i));
                i++;
                continue;
            }
            int start = i;
            while (i < n && !isDelimiter(s.charAt(i))) i++;
            int end = i;
            // "from 10.0.0.1:" or "... 42." : the trailing mark is not part of the value
            while (end - 1 > start && isTrailing(s.charAt(end - 1))) end--;
            if (isVariable(s, start, end)) {
                if (out == null) out = new StringBuilder(n).append(s, 0, start);
                out.append('*').append(s, end, i);
            } else if (out != null) {
                out.append(s, start, i);
            }
        }
        return out == null ? s : out.toString();
    }

    private static boolean isDelimiter(char c) {
        switch (c) {
            case ' ': case '\t': case '[': case ']': case '(': case ')': case '{': case '}': case '<': case '>':
            case ',': case ';': case '"': case '\'': case '=': case '/': case '|': case '@':
                return true;
            default:
                return Character.isWhitespace(c);
        }
    }

    private static boolean isTrailing(char c) {
        return c == '.' || c == ':' || c == ',';
    }

    /** Whether s[from, to) is a value: number, number with separators, hex, id or IP address. */
    static boolean isVariable(String s, int from, int to) {
        int len = to - from;
        if (len <= 0) return false;
        int digits = 0, hexLetters = 0, colons = 0, others = 0, seps = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') digits++;
            else if ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) hexLetters++;
            else if (c == ':') colons++;
            else if (c == '.' || c == '-' || c == '_' || c == '+') seps++;
            else others++;
        }
        // 0x1f, 0XDEADBEEF
        if (len > 2 && s.charAt(from) == '0' && (s.charAt(from + 1) == 'x' || s.charAt(from + 1) == 'X')
                && others == 1 && colons == 0 && seps == 0 && digits + hexLetters == len - 1) {
            return true;
        }
        if (others > 0) return false;
        // 123, -5, 12:34:56, 10.0.0.1, 12345.678, 2026-01-06, +01:00
        if (hexLetters == 0 && digits > 0) return true;
        // UUIDs, hashes, long hex ids, MAC addresses: at least 8 hex digits, one of them a decimal digit so
        // that a word spelled in a-f ("deadbeef" aside, "facade", "accede") is left alone
        if (digits > 0 && digits + hexLetters >= 8) return true;
        // IPv6: hex groups and at least two colons ("fe80::1", "2001:db8::ff00:42:8329", "::1")
        return colons >= 2 && digits + hexLetters > 0 && seps == countDots(s, from, to)
                && noTripleColon(s, from, to);
    }

    private static int countDots(String s, int from, int to) {
        int k = 0;
        for (int i = from; i < to; i++) if (s.charAt(i) == '.') k++;
        return k;
    }

    private static boolean noTripleColon(String s, int from, int to) {
        return s.substring(from, to).indexOf(":::") < 0;
    }

    /** {@link #format(LogTemplate, ZoneId)} in the system's default zone. */
    public static String format(LogTemplate t) {
        return format(t, ZoneId.systemDefault());
    }

    private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DHM = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    /**
     * One line for a report: {@code cimservera[*]: user "root" failed to authenticate  × 3,412  03:10–04:55};
     * the span shows dates when it crosses midnight in {@code zone}, and one time when it is one minute.
     */
    public static String format(LogTemplate t, ZoneId zone) {
        ZonedDateTime a = Instant.ofEpochMilli(t.firstMillis()).atZone(zone);
        ZonedDateTime b = Instant.ofEpochMilli(t.lastMillis()).atZone(zone);
        String span;
        if (!a.toLocalDate().equals(b.toLocalDate())) {
            span = DHM.format(a) + "\u2013" + DHM.format(b);
        } else {
            String ha = HM.format(a), hb = HM.format(b);
            span = ha.equals(hb) ? ha : ha + "\u2013" + hb;
        }
        return t.template() + "  \u00d7 " + String.format(Locale.ROOT, "%,d", t.count()) + "  " + span;
    }
}
