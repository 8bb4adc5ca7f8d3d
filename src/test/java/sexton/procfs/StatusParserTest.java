package sexton.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import sexton.model.ProcessStatus;

class StatusParserTest {
    private final ProcFs basic = Fixtures.tree("basic");

    private static ProcessStatus status(ProcFs fs, int pid) {
        byte[] b = Fixtures.pidFile(fs, pid, "status");
        return StatusParser.parse(b, b.length);
    }

    @Test
    void normalProcess() {
        assertThat(status(basic, 812)).isEqualTo(new ProcessStatus(0, 0, 128, 1472, 5440, 16));
        assertThat(status(basic, 1500)).isEqualTo(new ProcessStatus(1000, 0, 0, 78000, 3900, 20));
    }

    @Test
    void tracedProcess() {
        ProcessStatus s = status(basic, 4400);
        assertThat(s.tracerPid()).isEqualTo(4401);
        assertThat(s.uid()).isEqualTo(1000);
        assertThat(s.vmSwapKib()).isEqualTo(2048);
    }

    @Test
    void kernelThreadsAndZombiesHaveNoMemoryLines() {
        assertThat(status(basic, 14)).isEqualTo(new ProcessStatus(0, 0, -1, -1, -1, -1));
        assertThat(status(basic, 2100)).isEqualTo(new ProcessStatus(0, 0, -1, -1, -1, -1));
    }

    @Test
    void oldKernelHasVmSwapButNoRssSplit() {
        assertThat(status(Fixtures.tree("old-kernel"), 3141)).isEqualTo(new ProcessStatus(0, 0, 1532, -1, -1, -1));
    }

    @Test
    void realUidIsTheFirstOfFour() {
        byte[] b = Fixtures.ascii("Name:\tsudo\nUid:\t1000\t0\t0\t0\nTracerPid:\t0\n");
        assertThat(StatusParser.parse(b, b.length).uid()).isEqualTo(1000);
    }

    @Test
    void emptyOrTruncatedInput() {
        assertThat(StatusParser.parse(new byte[0], 0)).isEqualTo(ProcessStatus.UNKNOWN);
        byte[] b = Fixtures.ascii("Name:\tx\nTracerPid:\t0\nUid:\t");
        assertThat(StatusParser.parse(b, b.length)).isEqualTo(new ProcessStatus(-1, 0, -1, -1, -1, -1));
    }
}
