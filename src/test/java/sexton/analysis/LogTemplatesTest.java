package sexton.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import sexton.capture.SyslogParser;
import sexton.model.LogLine;
import sexton.model.LogTemplate;

class LogTemplatesTest {

    private static long at(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    static List<LogLine> fixture(String name) throws IOException {
        try (InputStream in = LogTemplatesTest.class.getResourceAsStream("/logs/" + name)) {
            List<LogLine> out = new ArrayList<>();
            for (String s : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
                LogLine l = SyslogParser.parse(s, 2026, ZoneOffset.UTC, name);
                if (l != null) out.add(l);
            }
            return out;
        }
    }

    @Test
    void cimserveraStormOnTop() throws IOException {
        List<LogLine> lines = fixture("messages");
        List<LogTemplate> top = LogTemplates.top(lines, Set.of("cimservera", "cimserver"), 3);
        assertThat(top).hasSize(3);
        LogTemplate pam = top.get(0), auth = top.get(1);
        assertThat(pam.program()).isEqualTo("cimservera");
        assertThat(pam.template()).isEqualTo("cimservera[*]: PAM authentication failed for user root");
        assertThat(pam.count()).isEqualTo(180);
        assertThat(pam.firstMillis()).isEqualTo(at("2026-01-06T03:10:02Z"));
        assertThat(pam.lastMillis()).isEqualTo(at("2026-01-06T04:54:27Z"));
        assertThat(pam.example()).isEqualTo("cimservera[99000]: PAM authentication failed for user root");

        assertThat(auth.template()).isEqualTo("cimservera[*]: user \"root\" failed to authenticate");
        assertThat(auth.count()).isEqualTo(150);
        assertThat(auth.firstMillis()).isEqualTo(at("2026-01-06T03:27:32Z"));
        assertThat(auth.lastMillis()).isEqualTo(at("2026-01-06T04:54:27Z"));

        assertThat(top.get(2).template()).isEqualTo("cimserver[*]: Authentication failed for user root from *");
        assertThat(top.get(2).count()).isEqualTo(12);

        assertThat(LogTemplates.format(auth, ZoneOffset.UTC))
                .isEqualTo("cimservera[*]: user \"root\" failed to authenticate  \u00d7 150  03:27\u201304:54");
    }

    @Test
    void parentMentioningTheChildByWordCountsButNotLongerNames() throws IOException {
        List<LogTemplate> all = LogTemplates.top(fixture("messages"), Set.of("cimservera"), 100);
        assertThat(all).extracting(LogTemplate::template).containsExactly(
                "cimservera[*]: PAM authentication failed for user root",
                "cimservera[*]: user \"root\" failed to authenticate",
                "cimserver[*]: Too many open child processes: * cimservera zombies");
        // cimserveradmin, crond, vmkernel lines are not evidence
        assertThat(LogTemplates.top(fixture("messages"), Set.of("cimserve"), 10)).isEmpty();
    }

    @Test
    void masking() {
        assertThat(LogTemplates.mask("Failed password for root from 198.51.100.23 port 50122 ssh2"))
                .isEqualTo("Failed password for root from * port * ssh2");
        assertThat(LogTemplates.mask("Accepted publickey for admin from 2001:db8::42 port 41022 ssh2:"))
                .isEqualTo("Accepted publickey for admin from * port * ssh2:");
        assertThat(LogTemplates.mask("connect from fe80::1%eth0 and ::1")).isEqualTo("connect from fe80::1%eth0 and *");
        assertThat(LogTemplates.mask("segfault at 0 ip 00007f3a1c2b4e10 sp 00007ffd9b1e8a20 error 4 in libc.so.6"))
                .isEqualTo("segfault at * ip * sp * error * in libc.so.6");
        assertThat(LogTemplates.mask("status 0x1f, addr 0XDEADBEEF.")).isEqualTo("status *, addr *.");
        assertThat(LogTemplates.mask("job 123e4567-e89b-12d3-a456-426614174000 done"))
                .isEqualTo("job * done");
        assertThat(LogTemplates.mask("[12345.678901] audit(1767225493.512:231): pid=812 comm=\"cups\""))
                .isEqualTo("[*] audit(*): pid=* comm=\"cups\"");
        assertThat(LogTemplates.mask("took 12:34:56 via eth0 over ipv6 at 2026-01-06"))
                .isEqualTo("took * via eth0 over ipv6 at *");
        assertThat(LogTemplates.mask("child cimservera[40002] /proc/40002/stat"))
                .isEqualTo("child cimservera[*] /proc/*/stat");
        assertThat(LogTemplates.mask("deadbeef facade decade cafe123 abcdef12"))
                .isEqualTo("deadbeef facade decade cafe123 *");
        assertThat(LogTemplates.mask("MAC 00:1a:2b:3c:4d:5e up")).isEqualTo("MAC * up");
        String plain = "nothing variable here";
        assertThat(LogTemplates.mask(plain)).isSameAs(plain);
    }

    @Test
    void linesWithoutPidOrProgram() {
        List<LogLine> lines = List.of(
                new LogLine(1000, "h", "kernel", -1, "[1.5] cimservera[7]: segfault", "s"),
                new LogLine(2000, "h", "kernel", -1, "[2.5] cimservera[8]: segfault", "s"),
                new LogLine(3000, "h", null, -1, "cimservera respawned 5 times", "s"));
        List<LogTemplate> top = LogTemplates.top(lines, Set.of("cimservera"), 10);
        assertThat(top).containsExactly(
                new LogTemplate("kernel", "kernel: [*] cimservera[*]: segfault", 2, 1000, 2000,
                        "kernel: [1.5] cimservera[7]: segfault"),
                new LogTemplate(null, "cimservera respawned * times", 1, 3000, 3000, "cimservera respawned 5 times"));
    }

    @Test
    void outOfOrderLinesGiveTrueFirstAndLast() {
        List<LogLine> lines = List.of(
                new LogLine(5000, "h", "p", 1, "x 1", "a"),
                new LogLine(1000, "h", "p", 2, "x 2", "b"),
                new LogLine(9000, "h", "p", 3, "x 3", "a"));
        LogTemplate t = LogTemplates.top(lines, Set.of("p"), 1).get(0);
        assertThat(t.count()).isEqualTo(3);
        assertThat(t.firstMillis()).isEqualTo(1000);
        assertThat(t.lastMillis()).isEqualTo(9000);
    }

    @Test
    void distinctTemplatesAreCapped() {
        LogTemplates.Tally tally = new LogTemplates.Tally(Set.of("p"), 50);
        // 40 lines of the storm, then 500 distinct rarities, then the storm again
        for (int i = 0; i < 40; i++) tally.accept(new LogLine(i, "h", "p", i, "storm line " + i, "s"));
        for (int i = 0; i < 500; i++) tally.accept(new LogLine(1000 + i, "h", "p", 1, "rare word" + i + "x", "s"));
        for (int i = 0; i < 10; i++) tally.accept(new LogLine(2000 + i, "h", "p", i, "storm line " + i, "s"));
        assertThat(tally.distinct()).isEqualTo(50);
        List<LogTemplate> top = tally.top(2);
        assertThat(top.get(0).template()).isEqualTo(LogTemplates.OTHER);
        assertThat(top.get(0).program()).isNull();
        assertThat(top.get(0).count()).isEqualTo(451);
        assertThat(top.get(0).firstMillis()).isEqualTo(1049);
        assertThat(top.get(0).lastMillis()).isEqualTo(1499);
        assertThat(top.get(1).template()).isEqualTo("p[*]: storm line *");
        assertThat(top.get(1).count()).isEqualTo(50);
        // nothing lost in total
        assertThat(tally.top(100).stream().mapToLong(LogTemplate::count).sum()).isEqualTo(550);
    }

    @Test
    void formatWithThousandsAndDays() {
        long first = at("2026-01-06T23:50:00Z");
        assertThat(LogTemplates.format(new LogTemplate("p", "p[*]: x", 3412, first, first + 20 * 60_000L, "p[1]: x"),
                ZoneOffset.UTC)).isEqualTo("p[*]: x  \u00d7 3,412  2026-01-06 23:50\u20132026-01-07 00:10");
        assertThat(LogTemplates.format(new LogTemplate("p", "p: x", 1, first, first, "p: x"), ZoneOffset.UTC))
                .isEqualTo("p: x  \u00d7 1  23:50");
        assertThat(LogTemplates.format(new LogTemplate("p", "p: x", 2, first, first + 1000, "p: x")))
                .contains("\u00d7 2");
    }

    @Test
    void wordMatching() {
        assertThat(LogTemplates.containsWord("reaped cimservera.", "cimservera")).isTrue();
        assertThat(LogTemplates.containsWord("cimservera[12]", "cimservera")).isTrue();
        assertThat(LogTemplates.containsWord("cimserveradmin cimservera_x", "cimservera")).isFalse();
        assertThat(LogTemplates.containsWord("xcimservera cimservera", "cimservera")).isTrue();
    }
}
