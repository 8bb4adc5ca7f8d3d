package sexton.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import sexton.model.ProcState;

class StatParserTest {
    private final ProcFs basic = Fixtures.tree("basic");

    private StatFields parse(byte[] b) {
        StatFields f = new StatFields();
        assertThat(StatParser.parse(b, b.length, f)).as(new String(b)).isTrue();
        return f;
    }

    @Test
    void readsEveryFieldOfA52FieldLine() {
        byte[] b = Fixtures.pidFile(basic, 812, "stat");
        StatFields f = parse(b);
        assertThat(f.pid).isEqualTo(812);
        assertThat(StatParser.comm(b, f)).isEqualTo("nginx");
        assertThat(f.state).isEqualTo('S');
        assertThat(f.procState()).isEqualTo(ProcState.SLEEPING);
        assertThat(f.ppid).isEqualTo(1);
        assertThat(f.pgrp).isEqualTo(812);
        assertThat(f.session).isEqualTo(812);
        assertThat(f.ttyNr).isZero();
        assertThat(f.minflt).isEqualTo(4412);
        assertThat(f.majflt).isEqualTo(17);
        assertThat(f.utime).isEqualTo(143);
        assertThat(f.stime).isEqualTo(96);
        assertThat(f.numThreads).isEqualTo(1);
        assertThat(f.startTicks).isEqualTo(2087);
        assertThat(f.vsizeBytes).isEqualTo(57737216);
        assertThat(f.rssPages).isEqualTo(1732);
    }

    @Test
    void commIsBetweenFirstOpenAndLastCloseParenthesis() {
        byte[] b = Fixtures.pidFile(basic, 1500, "stat");
        StatFields f = parse(b);
        assertThat(StatParser.comm(b, f)).isEqualTo("(my) (weird) name)");
        assertThat(f.state).isEqualTo('R');
        assertThat(f.ppid).isEqualTo(1433);
        assertThat(f.ttyNr).isEqualTo(34816);
        assertThat(f.numThreads).isEqualTo(4);
        assertThat(f.startTicks).isEqualTo(918273);
        assertThat(f.rssPages).isEqualTo(20480);
    }

    @Test
    void commThatMimicsTheFieldsAfterIt() {
        byte[] b = Fixtures.ascii("77 () S 1 () R 5 6 7 0 -1 4194560 1 0 2 0 3 4 0 0 20 0 1 0 99 1000 7 18446744073709551615 0\n");
        StatFields f = parse(b);
        assertThat(StatParser.comm(b, f)).isEqualTo(") S 1 (");
        assertThat(f.state).isEqualTo('R');
        assertThat(f.ppid).isEqualTo(5);
        assertThat(f.utime).isEqualTo(3);
        assertThat(f.startTicks).isEqualTo(99);
        assertThat(f.rssPages).isEqualTo(7);
    }

    @Test
    void kernelThreadZombieTracedAndDiskSleep() {
        StatFields kworker = parse(Fixtures.pidFile(basic, 14, "stat"));
        assertThat(kworker.procState()).isEqualTo(ProcState.IDLE);
        assertThat(kworker.ppid).isEqualTo(2);
        assertThat(kworker.vsizeBytes).isZero();
        assertThat(kworker.rssPages).isZero();

        StatFields zombie = parse(Fixtures.pidFile(basic, 2100, "stat"));
        assertThat(zombie.procState()).isEqualTo(ProcState.ZOMBIE);
        assertThat(zombie.ppid).isEqualTo(2099);
        assertThat(zombie.startTicks).isEqualTo(334455);

        assertThat(parse(Fixtures.pidFile(basic, 4400, "stat")).procState()).isEqualTo(ProcState.TRACED);
        StatFields d = parse(Fixtures.pidFile(basic, 3300, "stat"));
        assertThat(d.procState()).isEqualTo(ProcState.DISK_SLEEP);
        assertThat(d.stime).isEqualTo(912);
    }

    @Test
    void negativeValuesBeforeRss() {
        // A real-time thread: priority -51, nice 0; tpgid -1 without a terminal.
        byte[] b = Fixtures.ascii("15 (migration/0) S 2 0 0 -5 -1 69238848 0 0 0 0 0 9 0 0 -100 0 1 0 3 0 0 18446744073709551615\n");
        StatFields f = parse(b);
        assertThat(f.ttyNr).isEqualTo(-5);
        assertThat(f.stime).isEqualTo(9);
        assertThat(f.startTicks).isEqualTo(3);
    }

    @Test
    void olderKernelWithFewerFields() {
        StatFields f = parse(Fixtures.pidFile(Fixtures.tree("old-kernel"), 3141, "stat"));
        assertThat(f.pid).isEqualTo(3141);
        assertThat(f.numThreads).isEqualTo(9);
        assertThat(f.vsizeBytes).isEqualTo(512000000L);
        assertThat(f.rssPages).isEqualTo(9000);
    }

    @Test
    void lineCutBeforeOrInsideRssIsRejected() {
        byte[] full = Fixtures.pidFile(basic, 812, "stat");
        String line = new String(full);
        int rssEnd = line.indexOf(" 1732 ") + 5; // just past the rss digits
        for (int cut : new int[] {0, 3, 10, line.indexOf(')') + 1, line.indexOf(" 2087 "), rssEnd - 2, rssEnd}) {
            assertThat(StatParser.parse(full, cut, new StatFields())).as("cut at %d", cut).isFalse();
        }
        assertThat(StatParser.parse(full, rssEnd + 1, new StatFields())).isTrue();
        // A buffer shorter than the line, as a too-small read buffer would leave it.
        byte[] small = Arrays.copyOf(full, 60);
        assertThat(StatParser.parse(small, 60, new StatFields())).isFalse();
    }

    @Test
    void malformedLinesAreRejected() {
        StatFields f = new StatFields();
        for (String s : new String[] {"", "\n", "abc (x) S 1", "12 (x S 1 2 3", "12 (x) S 1 2 x 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22\n",
                "12 (x) S  1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23\n"}) {
            byte[] b = Fixtures.ascii(s);
            assertThat(StatParser.parse(b, b.length, f)).as(s).isFalse();
        }
        assertThat(StatParser.parse(new byte[512], ProcFs.MISSING, f)).isFalse();
    }

    @Test
    void reusesTheSameFieldsObject() {
        StatFields f = new StatFields();
        byte[] a = Fixtures.pidFile(basic, 812, "stat");
        byte[] b = Fixtures.pidFile(basic, 1, "stat");
        assertThat(StatParser.parse(a, a.length, f)).isTrue();
        assertThat(StatParser.parse(b, b.length, f)).isTrue();
        assertThat(f.pid).isEqualTo(1);
        assertThat(StatParser.comm(b, f)).isEqualTo("systemd");
        assertThat(f.startTicks).isEqualTo(12);
    }

    @Test
    void invalidUtf8InCommIsReplaced() {
        byte[] b = Fixtures.ascii("9 (a\u00ffb) S 1 9 9 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0 0\n");
        StatFields f = parse(b);
        assertThat(StatParser.comm(b, f)).isEqualTo("a\uFFFDb");
    }
}
