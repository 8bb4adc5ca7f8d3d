package sexton.procfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import sexton.model.KernelStats;
import sexton.model.ProcessStatus;
import sexton.model.SystemMemory;

/** The parsers against this machine's own /proc. */
class LiveProcTest {
    private final ProcFs proc = ProcFs.system();
    private final int self = (int) ProcessHandle.current().pid();

    @BeforeAll
    static void onLinux() {
        assumeTrue(Files.isReadable(Path.of("/proc/self/stat")), "needs a Linux /proc");
    }

    private StatFields stat(byte[] buf) {
        StatFields f = new StatFields();
        int n = proc.readPidFile(self, "stat", buf);
        assertThat(n).isPositive();
        assertThat(StatParser.parse(buf, n, f)).isTrue();
        return f;
    }

    @Test
    void ownProcessIsListedAndParses() {
        assertThat(proc.listPids()).contains(self, 1).isSorted();
        byte[] buf = new byte[1024];
        StatFields first = stat(buf);
        assertThat(first.pid).isEqualTo(self);
        assertThat(StatParser.comm(buf, first)).isEqualTo(new String(readComm()).strip());
        assertThat(first.numThreads).isGreaterThan(1);
        assertThat(first.rssPages).isPositive();
        assertThat(first.vsizeBytes).isGreaterThan(first.rssPages);
        long start = first.startTicks;
        assertThat(stat(buf).startTicks).isEqualTo(start);

        byte[] status = new byte[4096];
        int n = proc.readPidFile(self, "status", status);
        ProcessStatus s = StatusParser.parse(status, n);
        assertThat(s.tracerPid()).isGreaterThanOrEqualTo(0);
        assertThat(s.uid()).isGreaterThanOrEqualTo(0);
        assertThat(s.rssAnonKib()).isPositive();
    }

    private byte[] readComm() {
        byte[] b = new byte[64];
        int n = proc.readPidFile(self, "comm", b);
        return Arrays.copyOf(b, n);
    }

    @Test
    void hostConstantsOfThisMachine() {
        HostConstants h = proc.hostConstants();
        assertThat(h).isEqualTo(new HostConstants(100, 4096));
        assertThat(h.pageSize()).isEqualTo(pageSizeFromStatm());
    }

    /** VmSize (KiB) over statm's size (pages); retried because the JVM may map memory between the reads. */
    private int pageSizeFromStatm() {
        byte[] buf = new byte[4096];
        for (int attempt = 0; attempt < 20; attempt++) {
            int n = proc.readPidFile(self, "statm", buf);
            long pages = new AsciiCursor(buf, n).nextLong();
            n = proc.readPidFile(self, "status", buf);
            String status = new String(buf, 0, n);
            int at = status.indexOf("VmSize:");
            long kib = new AsciiCursor(status.substring(at + 7).getBytes(), 32).nextLong();
            int n2 = proc.readPidFile(self, "statm", buf);
            long pagesAfter = new AsciiCursor(buf, n2).nextLong();
            if (pages == pagesAfter && pages > 0) return (int) (kib * 1024 / pages);
        }
        throw new AssertionError("VmSize kept changing");
    }

    @Test
    void systemFiles() throws Exception {
        SystemMemory m = proc.meminfo();
        assertThat(m.totalKib()).isPositive();
        assertThat(m.freeKib()).isBetween(0L, m.totalKib());
        KernelStats k = proc.kernelStats();
        assertThat(k.cpu().total()).isPositive();
        assertThat(k.bootTimeSec()).isBetween(1_000_000_000L, System.currentTimeMillis() / 1000);
        assertThat(k.forks()).isPositive();
        assertThat(k.procsRunning()).isPositive();
        assertThat(proc.loadavg().entities()).isPositive();
        assertThat(proc.pidMax()).isPositive();
        assertThat(proc.threadsMax()).isPositive();
    }

    @Test
    void everyLiveProcessParsesOrVanished() {
        byte[] buf = new byte[1024];
        StatFields f = new StatFields();
        int parsed = 0;
        for (int pid : proc.listPids()) {
            int n = proc.readPidFile(pid, "stat", buf);
            if (n == ProcFs.MISSING) continue;
            assertThat(StatParser.parse(buf, n, f)).as(new String(buf, 0, Math.max(n, 0))).isTrue();
            assertThat(f.pid).isEqualTo(pid);
            parsed++;
        }
        assertThat(parsed).isGreaterThan(1);
    }
}
