package sexton.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CmdlineParserTest {
    private final ProcFs basic = Fixtures.tree("basic");

    private String cmdline(int pid, String comm) {
        byte[] b = Fixtures.pidFile(basic, pid, "cmdline");
        return CmdlineParser.parse(b, b.length, comm);
    }

    @Test
    void argumentsJoinedBySpaces() {
        assertThat(cmdline(3300, "cp")).isEqualTo("cp -a /data /mnt/nfs/backup");
        assertThat(cmdline(1500, "x")).isEqualTo("./weird --flag value with spaces");
        assertThat(cmdline(4400, "server")).isEqualTo("./server --port 8080");
    }

    @Test
    void rewrittenTitlePaddedWithNuls() {
        assertThat(cmdline(812, "nginx"))
                .isEqualTo("nginx: master process /usr/sbin/nginx -g daemon on; master_process on;");
    }

    @Test
    void emptyCommandLineShowsCommInBrackets() {
        assertThat(cmdline(2100, "cimservera")).isEqualTo("[cimservera]");
        assertThat(cmdline(14, "kworker/0:1H-kblockd")).isEqualTo("[kworker/0:1H-kblockd]");
        assertThat(CmdlineParser.parse(new byte[8], 3, "x")).isEqualTo("[x]");
        assertThat(CmdlineParser.parse(new byte[8], ProcFs.MISSING, "x")).isEqualTo("[x]");
    }

    @Test
    void invalidUtf8BecomesReplacementCharacters() {
        byte[] b = {'l', 's', 0, (byte) 0xff, (byte) 0xfe, 'x', 0, (byte) 0xc3, 0};
        assertThat(CmdlineParser.parse(b, b.length, "ls")).isEqualTo("ls \uFFFD\uFFFDx \uFFFD");
    }

    @Test
    void validUtf8IsKept() {
        byte[] b = "vim\0caf\u00e9.txt\0".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(CmdlineParser.parse(b, b.length, "vim")).isEqualTo("vim caf\u00e9.txt");
    }

    @Test
    void onlyLenBytesCount() {
        byte[] b = Fixtures.ascii("java\0-jar\0app.jar\0garbage");
        assertThat(CmdlineParser.parse(b, 9, "java")).isEqualTo("java -jar");
    }

    @Test
    void fullBufferMeansTruncated() {
        byte[] buf = new byte[16];
        assertThat(CmdlineParser.truncated(16, buf)).isTrue();
        assertThat(CmdlineParser.truncated(15, buf)).isFalse();
        assertThat(CmdlineParser.truncated(0, buf)).isFalse();
    }
}
