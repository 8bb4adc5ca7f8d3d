package sexton.procfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcFsTest {
    private final ProcFs basic = Fixtures.tree("basic");

    @TempDir
    Path tmp;

    @Test
    void listsOnlyNumericEntriesAscending() {
        assertThat(basic.listPids()).containsExactly(1, 2, 14, 812, 1500, 2100, 3300, 4400, 5000);
        assertThat(new ProcFs(tmp.resolve("absent")).listPids()).isEmpty();
    }

    @Test
    void rootStringHasNoTrailingSlash() {
        assertThat(ProcFs.system().rootString()).isEqualTo("/proc");
        assertThat(ProcFs.system().root()).isEqualTo(ProcFs.DEFAULT_ROOT);
        assertThat(new ProcFs(Path.of("/")).rootString()).isEmpty();
        assertThat(basic.rootString()).isEqualTo(basic.root().toString()).doesNotEndWith("/");
    }

    @Test
    void readsAFileIntoTheBuffer() {
        byte[] buf = new byte[64];
        int n = basic.read(basic.rootString() + "/loadavg", buf);
        assertThat(new String(buf, 0, n)).isEqualTo("0.52 0.58 0.59 2/1234 56789\n");
        assertThat(basic.readPidFile(3300, "wchan", buf)).isEqualTo("nfs_wait_bit_killable".length());
    }

    @Test
    void readStopsAtAFullBuffer() {
        byte[] buf = new byte[10];
        assertThat(basic.readPidFile(812, "stat", buf)).isEqualTo(10);
        assertThat(new String(buf)).isEqualTo("812 (nginx");
    }

    @Test
    void emptyFileIsZeroBytes() {
        assertThat(basic.readPidFile(2100, "cmdline", new byte[16])).isZero();
    }

    @Test
    void vanishedProcessIsMissing() {
        byte[] buf = new byte[512];
        assertThat(basic.readPidFile(5000, "stat", buf)).isEqualTo(ProcFs.MISSING);
        assertThat(basic.readPidFile(424242, "stat", buf)).isEqualTo(ProcFs.MISSING);
        assertThat(basic.read(basic.rootString() + "/812", buf)).as("a directory").isEqualTo(ProcFs.MISSING);
    }

    @Test
    void unreadableFileIsDenied() throws IOException {
        Path secret = Files.writeString(tmp.resolve("environ"), "HOME=/root\0");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
        boolean isRoot = "root".equals(System.getProperty("user.name"));
        Assumptions.assumeFalse(isRoot, "root reads files whatever their mode");
        assertThat(basic.read(secret.toString(), new byte[64])).isEqualTo(ProcFs.DENIED);
    }

    @Test
    void errnoInTheJdkMessageDecidesTheCode() {
        assertThat(ProcFs.failureCode(new FileNotFoundException("/proc/1/environ (Permission denied)")))
                .isEqualTo(ProcFs.DENIED);
        assertThat(ProcFs.failureCode(new FileNotFoundException("/proc/1/mem (Operation not permitted)")))
                .isEqualTo(ProcFs.DENIED);
        assertThat(ProcFs.failureCode(new FileNotFoundException("/proc/9/stat (No such file or directory)")))
                .isEqualTo(ProcFs.MISSING);
        assertThat(ProcFs.failureCode(new IOException("No such process"))).isEqualTo(ProcFs.MISSING);
        assertThat(ProcFs.failureCode(new IOException((String) null))).isEqualTo(ProcFs.MISSING);
    }

    @Test
    void kernelLimits() {
        assertThat(basic.pidMax()).isEqualTo(4194304);
        assertThat(basic.threadsMax()).isEqualTo(126893);
        assertThat(Fixtures.tree("old-kernel").pidMax()).isEqualTo(-1);
    }

    @Test
    void missingSystemFileThrows() {
        ProcFs empty = new ProcFs(tmp);
        assertThatThrownBy(empty::meminfo).isInstanceOf(IOException.class);
        assertThatThrownBy(empty::kernelStats).isInstanceOf(IOException.class);
        assertThatThrownBy(empty::loadavg).isInstanceOf(IOException.class);
    }

    @Test
    void systemFileLongerThanAnyFixedBuffer() throws IOException {
        // Large hosts print interrupt lines of tens of KiB before btime and processes.
        StringBuilder intr = new StringBuilder("intr 1");
        while (intr.length() < 200_000) intr.append(" 0");
        Files.writeString(tmp.resolve("stat"), "cpu  1 2 3 4 5 6 7 8 0 0\n" + intr + "\nbtime 42\nprocesses 7\n"
                + "procs_running 1\nprocs_blocked 0\n");
        assertThat(new ProcFs(tmp).kernelStats().bootTimeSec()).isEqualTo(42);
    }

    @Test
    void hostConstantsFromAuxv() throws IOException {
        Files.createDirectories(tmp.resolve("self"));
        Files.write(tmp.resolve("self/auxv"), auxv(33, 0x7ffd1234000L, 16, 0xbfebfbff, 6, 16384, 17, 250, 23, 0, 0, 0));
        assertThat(new ProcFs(tmp).hostConstants()).isEqualTo(new HostConstants(250, 16384));
    }

    @Test
    void hostConstantsDefaultWithoutAuxv() throws IOException {
        assertThat(basic.hostConstants()).isEqualTo(HostConstants.DEFAULT);
        Files.createDirectories(tmp.resolve("self"));
        Files.write(tmp.resolve("self/auxv"), new byte[] {1, 2, 3});
        assertThat(new ProcFs(tmp).hostConstants()).isEqualTo(HostConstants.DEFAULT);
    }

    @Test
    void auxvStopsAtNullAndIgnoresImplausibleValues() {
        byte[] afterNull = auxv(0, 0, 6, 65536, 17, 1000);
        assertThat(AuxvParser.parse(afterNull, afterNull.length)).isEqualTo(HostConstants.DEFAULT);
        byte[] odd = auxv(6, 3000, 17, 1000, 0, 0);
        assertThat(AuxvParser.parse(odd, odd.length)).isEqualTo(new HostConstants(1000, 4096));
        byte[] cut = auxv(6, 65536, 17, 1000);
        assertThat(AuxvParser.parse(cut, cut.length - 3)).isEqualTo(new HostConstants(100, 65536));
    }

    /** An auxiliary vector as the kernel writes it: native-endian 64-bit type/value pairs. */
    static byte[] auxv(long... pairs) {
        ByteBuffer b = ByteBuffer.allocate(pairs.length * 8).order(ByteOrder.nativeOrder());
        for (long v : pairs) b.putLong(v);
        return b.array();
    }
}
