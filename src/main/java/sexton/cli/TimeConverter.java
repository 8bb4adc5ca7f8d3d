package sexton.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Points in time for {@code --at}, {@code --from}: {@code now}; {@code 10m} or {@code 10m ago} or
 * {@code -10m} (that long before now); {@code @1700000000} (epoch seconds); ISO 8601 with or without
 * offset ({@code 2026-11-22T10:15:00Z}); {@code 2026-11-22 10:15[:00]} and {@code 2026-11-22} in local
 * time. Converted to epoch milliseconds.
 */
public final class TimeConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        return parseMillis(value, System.currentTimeMillis(), ZoneId.systemDefault());
    }

    public static long parseMillis(String value, long nowMillis, ZoneId zone) {
        String s = value == null ? "" : value.trim();
        if (s.equalsIgnoreCase("now")) return nowMillis;
        if (s.startsWith("@")) {
            try {
                return Math.multiplyExact(Long.parseLong(s.substring(1)), 1000L);
            } catch (NumberFormatException | ArithmeticException e) {
                throw invalid(value);
            }
        }
        String rel = s.endsWith(" ago") ? s.substring(0, s.length() - 4).trim() : s.startsWith("-") ? s.substring(1) : null;
        if (rel != null || (!s.isEmpty() && Character.isDigit(s.charAt(0)) && !s.contains("-") && !s.contains(":"))) {
            try {
                return nowMillis - DurationConverter.parseMillis(rel != null ? rel : s);
            } catch (TypeConversionException e) {
                throw invalid(value);
            }
        }
        try {
            return OffsetDateTime.parse(s.replace(' ', 'T')).toInstant().toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // not with an offset: try local forms
        }
        try {
            return Instant.parse(s.replace(' ', 'T')).toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // fall through
        }
        try {
            return LocalDateTime.parse(s.replace(' ', 'T')).atZone(zone).toInstant().toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // fall through
        }
        try {
            return LocalDate.parse(s).atStartOfDay(zone).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw invalid(value);
        }
    }

    private static TypeConversionException invalid(String value) {
        return new TypeConversionException("'" + value
                + "' is not a time (use e.g. now, 10m ago, @1700000000, 2026-11-22 10:15, 2026-11-22T10:15:00Z)");
    }
}
