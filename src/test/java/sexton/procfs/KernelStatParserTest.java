package sexton.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import sexton.model.CpuTimes;
import sexton.model.KernelStats;

class KernelStatParserTest {
    @Test
    void newKernelWithTenCpuColumns() throws Exception {
        KernelStats k = Fixtures.tree("basic").kernelStats();
        assertThat(k.cpu()).isEqualTo(new CpuTimes(4705518, 2412, 1300567, 98765432, 45678, 0, 23456, 789));
        assertThat(k.bootTimeSec()).isEqualTo(1717430400L);
        assertThat(k.forks()).isEqualTo(1234567);
        assertThat(k.procsRunning()).isEqualTo(3);
        assertThat(k.procsBlocked()).isEqualTo(2);
    }

    @Test
    void oldKernelWithSevenCpuColumns() throws Exception {
        KernelStats k = Fixtures.tree("old-kernel").kernelStats();
        assertThat(k.cpu()).isEqualTo(new CpuTimes(2255, 34, 2290, 22625563, 6290, 127, 456, 0));
        assertThat(k).isEqualTo(new KernelStats(k.cpu(), 1062191376, 2915, 1, 0));
    }

    @Test
    void perCpuLinesAreNotTheAggregate() {
        byte[] b = Fixtures.ascii("cpu0 1 2 3 4\ncpu  10 20 30 40\n");
        assertThat(KernelStatParser.parse(b, b.length).cpu()).isEqualTo(new CpuTimes(10, 20, 30, 40, 0, 0, 0, 0));
    }

    @Test
    void missingLines() {
        byte[] b = Fixtures.ascii("intr 1 2 3\nctxt 5\n");
        assertThat(KernelStatParser.parse(b, b.length)).isEqualTo(new KernelStats(CpuTimes.ZERO, -1, -1, -1, -1));
    }
}
