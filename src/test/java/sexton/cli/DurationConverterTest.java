package sexton.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {
    @Test
    void readsTheFormsAdminsWrite() {
        assertThat(DurationConverter.parseMillis("500ms")).isEqualTo(500);
        assertThat(DurationConverter.parseMillis("10s")).isEqualTo(10_000);
        assertThat(DurationConverter.parseMillis("10")).isEqualTo(10_000);
        assertThat(DurationConverter.parseMillis("1m")).isEqualTo(60_000);
        assertThat(DurationConverter.parseMillis("1h30m")).isEqualTo(5_400_000);
        assertThat(DurationConverter.parseMillis("14d")).isEqualTo(14 * 86_400_000L);
    }

    @Test
    void refusesZeroNegativeAndGarbageWithAReadableMessage() {
        assertThatThrownBy(() -> DurationConverter.parseMillis("0")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("zero");
        assertThatThrownBy(() -> DurationConverter.parseMillis("-5s")).hasMessageContaining("negative");
        for (String bad : new String[] {"", "abc", "10x", "s", "1.5h", "10 s", "99999999999999999999d"}) {
            assertThatThrownBy(() -> DurationConverter.parseMillis(bad)).as(bad)
                    .isInstanceOf(TypeConversionException.class).hasMessageContaining("'" + bad + "'");
        }
    }

    @Test
    void formatsBack() {
        assertThat(DurationConverter.format(5_400_000)).isEqualTo("1h30m");
        assertThat(DurationConverter.format(60_000)).isEqualTo("1m");
        assertThat(DurationConverter.format(250)).isEqualTo("250ms");
    }
}
