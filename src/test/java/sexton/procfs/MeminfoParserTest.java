package sexton.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import sexton.model.SystemMemory;

class MeminfoParserTest {
    @Test
    void newKernel() throws Exception {
        SystemMemory m = Fixtures.tree("basic").meminfo();
        assertThat(m).isEqualTo(new SystemMemory(16318808, 923412, 9874220, 412988, 8123456, 598016, 245760,
                4194300, 3932156, 10240));
    }

    @Test
    void kernel2618HasNoAvailableReclaimableOrShmem() throws Exception {
        SystemMemory m = Fixtures.tree("old-kernel").meminfo();
        assertThat(m).isEqualTo(new SystemMemory(8164680, 1160408, -1, 269624, 5432332, -1, -1,
                10241428, 10241304, 0));
        assertThat(m.availableOrEstimateKib()).isEqualTo(1160408 + 269624 + 5432332);
    }

    @Test
    void cachedIsNotConfusedWithSwapCached() {
        byte[] b = Fixtures.ascii("SwapCached:   7 kB\nCached:   5 kB\n");
        SystemMemory m = MeminfoParser.parse(b, b.length);
        assertThat(m.cachedKib()).isEqualTo(5);
        assertThat(m.swapCachedKib()).isEqualTo(7);
        assertThat(m.totalKib()).isEqualTo(-1);
    }

    @Test
    void unknownLinesAndEmptyInput() {
        byte[] b = Fixtures.ascii("Foo:  1 kB\nMemTotal:  42 kB\nHugePages_Total:       0\nBar");
        assertThat(MeminfoParser.parse(b, b.length).totalKib()).isEqualTo(42);
        assertThat(MeminfoParser.parse(new byte[0], 0))
                .isEqualTo(new SystemMemory(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1));
    }
}
