package sexton.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** Live: a kept-open stat file shows fresh figures on every read and goes MISSING when its process dies. */
class OpenProcFileTest {
    private final ByteBuffer scratch = ByteBuffer.allocateDirect(4096);
    private final byte[] buf = new byte[4096];
    private final StatFields fields = new StatFields();

    @Test
    void rereadsAreFreshAndADeadProcessIsMissing() throws Exception {
        Process child = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
        try {
            long pid = child.pid();
            try (OpenProcFile stat = OpenProcFile.open("/proc/" + pid + "/stat")) {
                assertThat(stat).isNotNull();
                int n = stat.read(scratch, buf);
                assertThat(StatParser.parse(buf, n, fields)).isTrue();
                assertThat(fields.pid).isEqualTo((int) pid);
                long ticks0 = fields.utime + fields.stime;
                long start = fields.startTicks;
                Thread.sleep(300); // the child spins: its CPU ticks must move between two reads of one descriptor
                n = stat.read(scratch, buf);
                assertThat(StatParser.parse(buf, n, fields)).isTrue();
                assertThat(fields.utime + fields.stime).isGreaterThan(ticks0);
                assertThat(fields.startTicks).isEqualTo(start);

                child.destroyForcibly();
                assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
                assertThat(stat.read(scratch, buf)).isEqualTo(ProcFs.MISSING);
            }
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void missingFileOpensAsNull() {
        assertThat(OpenProcFile.open("/proc/0/stat")).isNull();
    }

    @Test
    void openFileLimitIsReadFromSelfLimits() {
        assertThat(ProcFs.system().openFileLimit()).isPositive();
    }
}
