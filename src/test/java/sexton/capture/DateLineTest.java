package sexton.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class DateLineTest {
    private static final long T = Instant.parse("2026-11-23T02:45:08Z").toEpochMilli();

    private static long utc(String line) {
        return DateLine.parse(line, ZoneOffset.UTC);
    }

    @Test
    void dateOutputsInTheirEnglishForms() throws Exception {
        assertThat(utc(CaptureImportTest.fixture("date.txt").strip())).as("date on this machine").isEqualTo(T);
        assertThat(utc("Mon Nov 23 02:45:08 UTC 2026")).isEqualTo(T);
        assertThat(utc("Mon Nov  3 02:45:08 UTC 2026")).isEqualTo(Instant.parse("2026-11-03T02:45:08Z").toEpochMilli());
        assertThat(utc("Mon 23 Nov 2026 02:45:08 AM UTC")).as("en_US, coreutils 9").isEqualTo(T);
        assertThat(utc("Mon Nov 23 02:45:08 PM UTC 2026")).isEqualTo(T + 12 * 3600_000L);
        assertThat(utc("Mon 23 Nov 02:45:08 GMT 2026")).as("en_GB").isEqualTo(T);
        assertThat(utc("Mon, 23 Nov 2026 03:45:08 +0100")).as("date -R").isEqualTo(T);
        assertThat(utc("Sun Nov 22 21:45:08 EST 2026")).isEqualTo(T);
        assertThat(utc("Sunday, November 22, 2026 09:45:08 PM EST")).isEqualTo(T);
        assertThat(DateLine.parse("Mon Nov 23 03:45:08 WTF 2026", ZoneId.of("+01:00"))).as("unknown zone: default zone").isEqualTo(T);
    }

    @Test
    void isoEpochAndPlainForms() {
        assertThat(utc("2026-11-23T02:45:08+00:00")).isEqualTo(T);
        assertThat(utc("2026-11-23T04:45:08,123456789+02:00")).isEqualTo(T + 123);
        assertThat(utc("2026-11-23T02:45:08Z")).isEqualTo(T);
        assertThat(utc("2026-11-23 02:45:08+00:00")).as("--rfc-3339").isEqualTo(T);
        assertThat(utc("2026-11-23 02:45:08")).isEqualTo(T);
        assertThat(DateLine.parse("2026-11-23 03:45:08", ZoneId.of("Europe/Paris"))).as("no zone: the given one").isEqualTo(T);
        assertThat(utc("@1795401908")).isEqualTo(T);
        assertThat(utc("1795401908")).as("date +%s").isEqualTo(T);
    }

    @Test
    void rowsAndHeadersAreNotDates() {
        for (String s : new String[] {"    1     0   680  10368  0.0  0.0 init", "root         1  0.2  0.0  39408 10048 ?  S Nov22 0:30 x",
                "Mem:       2059280    1967852", "  PID  PPID   RSS    VSZ %CPU %MEM CMD", "Monitor output follows",
                "12345", "Tue", "2026-11-23", "Mon Nov 23 UTC 2026", "@soon"}) {
            assertThat(utc(s)).as(s).isEqualTo(DateLine.NONE);
        }
        assertThat(DateLine.mayBeDate("    1     0   680  10368  0.0  0.0 init")).isFalse();
        assertThat(DateLine.mayBeDate("root         1  0.2")).isFalse();
    }
}
