package sexton.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.time.ZonedDateTime;

import org.junit.jupiter.api.Test;

import picocli.CommandLine.TypeConversionException;

class TimeConverterTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final long NOW = 1_763_800_000_000L;

    private static long at(String s) { return TimeConverter.parseMillis(s, NOW, ZONE); }

    @Test
    void relativeAndEpoch() {
        assertThat(at("now")).isEqualTo(NOW);
        assertThat(at("10m ago")).isEqualTo(NOW - 600_000);
        assertThat(at("-10m")).isEqualTo(NOW - 600_000);
        assertThat(at("2h")).isEqualTo(NOW - 7_200_000);
        assertThat(at("@1700000000")).isEqualTo(1_700_000_000_000L);
    }

    @Test
    void absoluteForms() {
        long local = ZonedDateTime.of(2026, 11, 22, 10, 15, 0, 0, ZONE).toInstant().toEpochMilli();
        assertThat(at("2026-11-22 10:15")).isEqualTo(local);
        assertThat(at("2026-11-22 10:15:00")).isEqualTo(local);
        assertThat(at("2026-11-22T10:15:00")).isEqualTo(local);
        assertThat(at("2026-11-22T09:15:00Z")).isEqualTo(local);
        assertThat(at("2026-11-22T10:15:00+01:00")).isEqualTo(local);
        assertThat(at("2026-11-22")).isEqualTo(ZonedDateTime.of(2026, 11, 22, 0, 0, 0, 0, ZONE).toInstant().toEpochMilli());
    }

    @Test
    void garbageIsAClearError() {
        for (String bad : new String[] {"yesterday-ish", "@abc", "2026-13-45", "", "10x ago"}) {
            assertThatThrownBy(() -> at(bad)).as(bad).isInstanceOf(TypeConversionException.class)
                    .hasMessageContaining("is not a time");
        }
    }
}
