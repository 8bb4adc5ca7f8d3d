package sexton.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sexton.model.MemoryLimits;
import sexton.model.ProcessKey;

/** Limits read from a fixture /proc and cgroup tree (v2 memory.max, v1 limit_in_bytes), only for the same identity. */
class MemoryLimitsReaderTest {
    @TempDir
    Path dir;

    private static final String STAT = "123 (app) S 1 123 123 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 1 0 4567 10000000 2000 "
            + "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n";
    private static final String LIMITS = """
            Limit                     Soft Limit           Hard Limit           Units
            Max cpu time              unlimited            unlimited            seconds
            Max address space         2147483648           unlimited            bytes
            Max open files            1024                 524288               files
            """;

    @Test
    void readsTheCeilingsOfTheSameProcessOnly() throws Exception {
        Path proc = Files.createDirectories(dir.resolve("proc/123"));
        Files.writeString(proc.resolve("stat"), STAT);
        Files.writeString(proc.resolve("limits"), LIMITS);
        Files.writeString(proc.resolve("cgroup"), "0::/system.slice/app.service\n");
        Path cg = Files.createDirectories(dir.resolve("cgroup/system.slice/app.service"));
        Files.writeString(cg.resolve("memory.max"), "536870912\n");
        MemoryLimitsReader r = new MemoryLimitsReader(new ProcFs(dir.resolve("proc")), dir.resolve("cgroup").toString());
        assertThat(r.read(new ProcessKey(123, 4567))).isEqualTo(new MemoryLimits(524_288, 2_097_152));
        assertThat(r.read(new ProcessKey(123, 9999))).as("another process at the pid").isEqualTo(MemoryLimits.NONE);
        assertThat(r.read(new ProcessKey(124, 4567))).isEqualTo(MemoryLimits.NONE);

        Files.writeString(cg.resolve("memory.max"), "max\n");
        Path v1 = Files.createDirectories(dir.resolve("cgroup/memory/system.slice/app.service"));
        Files.writeString(v1.resolve("memory.limit_in_bytes"), "1073741824\n");
        assertThat(r.read(new ProcessKey(123, 4567)).cgroupKib()).as("v1 when v2 says max").isEqualTo(1_048_576);
        Files.writeString(v1.resolve("memory.limit_in_bytes"), "9223372036854771712\n");
        assertThat(r.read(new ProcessKey(123, 4567)).cgroupKib()).as("v1's no-limit value").isEqualTo(-1);
    }
}
