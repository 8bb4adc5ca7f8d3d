package sexton.store;

import java.util.HashMap;
import java.util.Map;

import sexton.model.DirSample;

/**
 * The owners or children of a directory sample as text, one "name TAB bytes TAB files" line each.
 * Names are read from the right (they may hold tabs); newlines and backslashes in them are escaped,
 * since anyone may name a file in /tmp.
 */
final class UsageText {
    private UsageText() {}

    static String encode(Map<String, DirSample.Usage> usage) {
        StringBuilder b = new StringBuilder(usage.size() * 24);
        for (Map.Entry<String, DirSample.Usage> e : usage.entrySet()) {
            String name = e.getKey();
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c == '\\') b.append("\\\\");
                else if (c == '\n') b.append("\\n");
                else b.append(c);
            }
            b.append('\t').append(e.getValue().bytes()).append('\t').append(e.getValue().files()).append('\n');
        }
        return b.toString();
    }

    static Map<String, DirSample.Usage> decode(String text) {
        Map<String, DirSample.Usage> out = new HashMap<>();
        if (text == null) return out;
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) end = text.length();
            int t2 = text.lastIndexOf('\t', end - 1);
            int t1 = t2 > start ? text.lastIndexOf('\t', t2 - 1) : -1;
            if (t1 >= start) {
                try {
                    long bytes = Long.parseLong(text, t1 + 1, t2, 10);
                    long files = Long.parseLong(text, t2 + 1, end, 10);
                    out.put(unescape(text.substring(start, t1)), new DirSample.Usage(bytes, files));
                } catch (NumberFormatException ignored) {
                    // a damaged line: skip it rather than lose the sample
                }
            }
            start = end + 1;
        }
        return out;
    }

    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) return s;
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                b.append(n == 'n' ? '\n' : n);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
