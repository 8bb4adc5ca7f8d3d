package sexton.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WchanTest {
    private final ProcFs basic = Fixtures.tree("basic");

    private String wchan(int pid) {
        byte[] b = Fixtures.pidFile(basic, pid, "wchan");
        return Wchan.parse(b, b.length);
    }

    @Test
    void symbolOfASleepingProcess() {
        assertThat(wchan(3300)).isEqualTo("nfs_wait_bit_killable");
        assertThat(wchan(14)).isEqualTo("worker_thread");
    }

    @Test
    void zeroOrEmptyIsNone() {
        assertThat(wchan(2100)).isNull();
        assertThat(Wchan.parse(new byte[4], 0)).isNull();
        byte[] zeroNewline = Fixtures.ascii("0\n");
        assertThat(Wchan.parse(zeroNewline, zeroNewline.length)).isNull();
        byte[] io = Fixtures.ascii("io_schedule\n");
        assertThat(Wchan.parse(io, io.length)).isEqualTo("io_schedule");
    }
}
