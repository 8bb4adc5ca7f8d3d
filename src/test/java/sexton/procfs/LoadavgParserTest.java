package sexton.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import sexton.model.LoadAverage;

class LoadavgParserTest {
    @Test
    void fixture() throws Exception {
        assertThat(Fixtures.tree("basic").loadavg()).isEqualTo(new LoadAverage(0.52, 0.58, 0.59, 2, 1234, 56789));
        assertThat(Fixtures.tree("old-kernel").loadavg()).isEqualTo(new LoadAverage(3.07, 2.91, 2.78, 4, 312, 31337));
    }

    @Test
    void largeLoadsParseExactly() {
        byte[] b = Fixtures.ascii("1234.56 100.05 0.00 512/40000 4194303\n");
        LoadAverage l = LoadavgParser.parse(b, b.length);
        assertThat(l.load1()).isEqualTo(Double.parseDouble("1234.56"));
        assertThat(l.load5()).isEqualTo(Double.parseDouble("100.05"));
        assertThat(l.load15()).isZero();
        assertThat(l.runnable()).isEqualTo(512);
        assertThat(l.entities()).isEqualTo(40000);
        assertThat(l.lastPid()).isEqualTo(4194303);
    }

    @Test
    void garbageGivesZeros() {
        byte[] b = Fixtures.ascii("nonsense");
        assertThat(LoadavgParser.parse(b, b.length)).isEqualTo(LoadAverage.ZERO);
        assertThat(LoadavgParser.parse(new byte[0], 0)).isEqualTo(LoadAverage.ZERO);
    }
}
