package sexton.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations as admins write them: {@code 500ms}, {@code 10s}, {@code 5m}, {@code 2h}, {@code 14d},
 * {@code 1h30m}; a bare number is seconds. Converted to milliseconds; zero and negatives are refused.
 */
public final class DurationConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        return parseMillis(value);
    }

    public static long parseMillis(String value) {
        String s = value == null ? "" : value.trim();
        if (s.isEmpty()) throw invalid(value);
        if (s.startsWith("-")) throw new TypeConversionException("'" + value + "' is negative: a duration must be positive");
        long total = 0;
        int i = 0;
        boolean any = false;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
            if (i == start) throw invalid(value);
            long n;
            try {
                n = Long.parseLong(s.substring(start, i));
            } catch (NumberFormatException e) {
                throw invalid(value);
            }
            int u = i;
            while (i < s.length() && Character.isLetter(s.charAt(i))) i++;
            String unit = s.substring(u, i);
            long factor = switch (unit) {
                case "ms" -> 1L;
                case "", "s", "sec" -> 1_000L;
                case "m", "min" -> 60_000L;
                case "h" -> 3_600_000L;
                case "d" -> 86_400_000L;
                case "w" -> 7 * 86_400_000L;
                default -> throw invalid(value);
            };
            if (unit.isEmpty() && i < s.length()) throw invalid(value);
            try {
                total = Math.addExact(total, Math.multiplyExact(n, factor));
            } catch (ArithmeticException e) {
                throw new TypeConversionException("'" + value + "' is too long a duration");
            }
            any = true;
        }
        if (!any) throw invalid(value);
        if (total <= 0) throw new TypeConversionException("'" + value + "' is zero: a duration must be positive");
        return total;
    }

    private static TypeConversionException invalid(String value) {
        return new TypeConversionException("'" + value + "' is not a duration (use e.g. 500ms, 10s, 5m, 2h, 14d)");
    }

    /** The shortest way to write a duration back, e.g. {@code 1h30m}. */
    public static String format(long millis) {
        if (millis % 1000 != 0) return millis + "ms";
        long s = millis / 1000;
        StringBuilder b = new StringBuilder();
        long[] units = {86_400, 3_600, 60, 1};
        String[] names = {"d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            if (s >= units[i]) {
                b.append(s / units[i]).append(names[i]);
                s %= units[i];
            }
        }
        return b.length() == 0 ? "0s" : b.toString();
    }
}
