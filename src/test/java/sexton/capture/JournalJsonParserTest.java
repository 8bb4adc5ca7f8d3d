package sexton.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import sexton.model.LogLine;

class JournalJsonParserTest {

    static List<String> fixture() throws IOException {
        try (var in = JournalJsonParserTest.class.getResourceAsStream("/logs/journal.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    @Test
    void fullEntry() throws IOException {
        LogLine l = JournalJsonParser.parse(fixture().get(0));
        assertThat(l).isEqualTo(new LogLine(1795410601123L, "web01", "cimservera", 40001,
                "user \"root\" failed to authenticate", "journal"));
    }

    @Test
    void commWhenNoIdentifierAndArraysOfStringsSkipped() throws IOException {
        LogLine l = JournalJsonParser.parse(fixture().get(1));
        assertThat(l.program()).isEqualTo("cimserver");
        assertThat(l.pid()).isEqualTo(2001);
        assertThat(l.message()).isEqualTo("child cimservera[40002] spawned");
    }

    @Test
    void nonUtf8MessageAsByteArray() throws IOException {
        LogLine l = JournalJsonParser.parse(fixture().get(2));
        assertThat(l.program()).isEqualTo("cimservera");
        assertThat(l.message()).startsWith("PAM: user ").endsWith("root \u00e9").contains("\ufffd");
        assertThat(l.timeMillis()).isEqualTo(1795410603000L);
    }

    @Test
    void noPidAndNullMessage() throws IOException {
        LogLine k = JournalJsonParser.parse(fixture().get(3));
        assertThat(k.program()).isEqualTo("kernel");
        assertThat(k.pid()).isEqualTo(-1);
        LogLine n = JournalJsonParser.parse(fixture().get(4));
        assertThat(n.program()).isEqualTo("sshd");
        assertThat(n.message()).isEmpty();
    }

    @Test
    void truncatedLineIsNull() throws IOException {
        assertThat(JournalJsonParser.parse(fixture().get(5))).isNull();
    }

    @Test
    void malformed() {
        assertThat(JournalJsonParser.parse(null)).isNull();
        assertThat(JournalJsonParser.parse("")).isNull();
        assertThat(JournalJsonParser.parse("not json")).isNull();
        assertThat(JournalJsonParser.parse("[1,2]")).isNull();
        assertThat(JournalJsonParser.parse("{\"MESSAGE\":\"no time\"}")).isNull();
        assertThat(JournalJsonParser.parse("{\"__REALTIME_TIMESTAMP\":\"soon\",\"MESSAGE\":\"x\"}")).isNull();
        assertThat(JournalJsonParser.parse("{\"__REALTIME_TIMESTAMP\":\"1000\"} trailing")).isNull();
        assertThat(JournalJsonParser.parse("{\"__REALTIME_TIMESTAMP\":\"1000\",\"MESSAGE\":\"x\"}"))
                .isEqualTo(new LogLine(1, null, null, -1, "x", "journal"));
    }

    @Test
    void syslogPidWhenNoTrustedPid() {
        LogLine l = JournalJsonParser.parse(
                "{\"__REALTIME_TIMESTAMP\":\"2000\",\"SYSLOG_IDENTIFIER\":\"p\",\"SYSLOG_PID\":\"77\",\"MESSAGE\":[\"a\",\"b\"]}");
        assertThat(l.pid()).isEqualTo(77);
        assertThat(l.message()).isEqualTo("a");
    }
}
