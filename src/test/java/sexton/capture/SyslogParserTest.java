package sexton.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import sexton.model.LogLine;

class SyslogParserTest {

    private static final ZoneId UTC = ZoneOffset.UTC;

    private static long at(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    private static LogLine p(String line) {
        return SyslogParser.parse(line, 2026, UTC, "messages");
    }

    @Test
    void bsdLineWithPid() {
        LogLine l = p("Nov 23 03:10:01 esx01 cimservera[12345]: PAM authentication failed for user root");
        assertThat(l).isEqualTo(new LogLine(at("2026-11-23T03:10:01Z"), "esx01", "cimservera", 12345,
                "PAM authentication failed for user root", "messages"));
    }

    @Test
    void bsdDayPaddedWithSpaceAndWithoutPad() {
        assertThat(p("Nov  3 03:10:01 h prog[1]: x").timeMillis()).isEqualTo(at("2026-11-03T03:10:01Z"));
        assertThat(p("Nov 3 03:10:01 h prog[1]: x").timeMillis()).isEqualTo(at("2026-11-03T03:10:01Z"));
        assertThat(p("Jan 06 23:59:59 h prog[1]: x").timeMillis()).isEqualTo(at("2026-01-06T23:59:59Z"));
    }

    @Test
    void yearAndZoneComeFromTheCaller() {
        LogLine l = SyslogParser.parse("Jul  4 12:00:00 h prog: x", 2019, ZoneId.of("Europe/Berlin"), "s");
        assertThat(l.timeMillis()).isEqualTo(at("2019-07-04T10:00:00Z"));
    }

    @Test
    void programWithoutPid() {
        LogLine l = p("Dec 31 23:59:59 deb12 rsyslogd: [origin software=\"rsyslogd\"] rsyslogd was HUPed");
        assertThat(l.program()).isEqualTo("rsyslogd");
        assertThat(l.pid()).isEqualTo(-1);
        assertThat(l.message()).isEqualTo("[origin software=\"rsyslogd\"] rsyslogd was HUPed");
        assertThat(l.host()).isEqualTo("deb12");
    }

    @Test
    void programWithSlash() {
        LogLine l = p("Dec 31 23:59:59 deb12 postfix/smtpd[2211]: connect from unknown[203.0.113.7]");
        assertThat(l.program()).isEqualTo("postfix/smtpd");
        assertThat(l.pid()).isEqualTo(2211);
        assertThat(l.message()).isEqualTo("connect from unknown[203.0.113.7]");
    }

    @Test
    void kernelLineKeepsItsUptimeInTheMessage() {
        LogLine l = p("Jan  1 00:10:41 deb12 kernel: [12999.000001] cimservera[7731]: segfault at 0");
        assertThat(l.program()).isEqualTo("kernel");
        assertThat(l.pid()).isEqualTo(-1);
        assertThat(l.message()).isEqualTo("[12999.000001] cimservera[7731]: segfault at 0");
    }

    @Test
    void taglessLineHasNoProgram() {
        LogLine l = p("Jan  1 00:00:03 deb12 last message repeated 2 times");
        assertThat(l.program()).isNull();
        assertThat(l.pid()).isEqualTo(-1);
        assertThat(l.host()).isEqualTo("deb12");
        assertThat(l.message()).isEqualTo("last message repeated 2 times");
        // a colon not followed by a space is not a tag either
        LogLine m = p("Jan  1 00:00:03 deb12 foo:bar baz");
        assertThat(m.program()).isNull();
        assertThat(m.message()).isEqualTo("foo:bar baz");
        // nor brackets without a colon after them
        LogLine b = p("Jan  1 00:00:03 deb12 foo[12] bar");
        assertThat(b.program()).isNull();
        assertThat(b.message()).isEqualTo("foo[12] bar");
    }

    @Test
    void emptyMessageAfterTag() {
        LogLine l = p("Jan  1 00:00:03 deb12 prog[5]:");
        assertThat(l.program()).isEqualTo("prog");
        assertThat(l.pid()).isEqualTo(5);
        assertThat(l.message()).isEmpty();
    }

    @Test
    void nonNumericPidIsMinusOne() {
        LogLine l = p("Jan  1 00:00:03 deb12 prog[main]: hello");
        assertThat(l.program()).isEqualTo("prog");
        assertThat(l.pid()).isEqualTo(-1);
        assertThat(l.message()).isEqualTo("hello");
    }

    @Test
    void sudoMessageKeepsItsLeadingSpaces() {
        LogLine l = p("Jan  6 03:16:40 deb12 sudo:    admin : TTY=pts/0 ; USER=root");
        assertThat(l.program()).isEqualTo("sudo");
        assertThat(l.message()).isEqualTo("   admin : TTY=pts/0 ; USER=root");
    }

    @Test
    void rfc3339HighPrecision() {
        LogLine l = p("2026-11-23T03:10:01.123456+00:00 web01 cimservera[40001]: user \"root\" failed to authenticate");
        assertThat(l).isEqualTo(new LogLine(at("2026-11-23T03:10:01.123Z"), "web01", "cimservera", 40001,
                "user \"root\" failed to authenticate", "messages"));
    }

    @Test
    void rfc3339OffsetsAndZulu() {
        assertThat(p("2026-11-23T04:10:02.5+01:00 web01 p[1]: x").timeMillis()).isEqualTo(at("2026-11-23T03:10:02.500Z"));
        assertThat(p("2026-11-23T03:10:03Z web01 p[1]: x").timeMillis()).isEqualTo(at("2026-11-23T03:10:03Z"));
        // the year in the line wins over the caller's
        assertThat(SyslogParser.parse("2024-02-29T00:00:00+00:00 h p: x", 2026, UTC, "s").timeMillis())
                .isEqualTo(at("2024-02-29T00:00:00Z"));
        // no offset: the caller's zone
        assertThat(SyslogParser.parse("2026-07-01T12:00:00 h p: x", 2026, ZoneId.of("Europe/Berlin"), "s").timeMillis())
                .isEqualTo(at("2026-07-01T10:00:00Z"));
    }

    @Test
    void esxLineWithoutHost() {
        LogLine l = p("2026-01-06T03:10:02Z cimslp: Found 2 profiles in namespace root/interop");
        assertThat(l.host()).isNull();
        assertThat(l.program()).isEqualTo("cimslp");
        assertThat(l.message()).isEqualTo("Found 2 profiles in namespace root/interop");
    }

    @Test
    void bsdFractionalSecondsAndPriority() {
        assertThat(p("Nov 23 03:10:01.250 h p: x").timeMillis()).isEqualTo(at("2026-11-23T03:10:01.250Z"));
        LogLine l = p("<13>Nov 23 03:10:01 h p[2]: x");
        assertThat(l.program()).isEqualTo("p");
        assertThat(l.pid()).isEqualTo(2);
    }

    @Test
    void notSyslog() {
        assertThat(p("")).isNull();
        assertThat(p(null)).isNull();
        assertThat(p("\tcontinuation of a multi-line message")).isNull();
        assertThat(p("not a log line at all")).isNull();
        assertThat(p("Foo 23 03:10:01 h p: x")).isNull();
        assertThat(p("Nov 23 3:10:01 h p: x")).isNull();
        assertThat(p("Nov 23 03:10:01")).isNull();
        assertThat(p("Nov 23 03:10:01 hostonly")).isNull();
        assertThat(p("Feb 30 03:10:01 h p: x")).isNull();
        assertThat(p("2026-13-01T00:00:00Z h p: x")).isNull();
        assertThat(p("12345 is a number")).isNull();
    }
}
