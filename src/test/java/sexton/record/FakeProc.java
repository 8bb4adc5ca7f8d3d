package sexton.record;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a small /proc tree in the kernel's formats, so tests can change it between snapshots. */
final class FakeProc {
    final Path root;

    FakeProc(Path root) {
        this.root = root;
        write("meminfo", """
                MemTotal:        8000000 kB
                MemFree:         1000000 kB
                MemAvailable:    5000000 kB
                Buffers:          200000 kB
                Cached:          3000000 kB
                SwapCached:            0 kB
                Shmem:             10000 kB
                SReclaimable:     100000 kB
                SwapTotal:       2000000 kB
                SwapFree:        2000000 kB
                """);
        write("stat", """
                cpu  1000 20 300 50000 40 0 10 0 0 0
                cpu0 1000 20 300 50000 40 0 10 0 0 0
                intr 0
                ctxt 12345
                btime 1763800000
                processes 4242
                procs_running 2
                procs_blocked 1
                """);
        write("loadavg", "0.10 0.20 0.30 2/100 4242\n");
        write("sys/kernel/pid_max", "4194304\n");
        write("sys/kernel/threads-max", "62000\n");
        write("sys/kernel/hostname", "fakehost\n");
    }

    /** A process with the given stat fields; {@code cmdline} uses NUL between arguments. */
    void process(int pid, String comm, char state, int ppid, long startTicks, long utime, long rssPages, String cmdline, int uid) {
        String stat = pid + " (" + comm + ") " + state + " " + ppid + " " + pid + " " + pid + " 0 -1 4194560 100 0 0 0 "
                + utime + " 5 0 0 20 0 1 0 " + startTicks + " 10240000 " + rssPages
                + " 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n";
        write(pid + "/stat", stat);
        write(pid + "/cmdline", cmdline);
        write(pid + "/status", "Name:\t" + comm + "\nState:\t" + state + "\nTracerPid:\t0\nUid:\t" + uid + "\t" + uid + "\t"
                + uid + "\t" + uid + "\nVmSwap:\t       0 kB\nRssAnon:\t     100 kB\nRssFile:\t      50 kB\nRssShmem:\t       0 kB\n");
        write(pid + "/cgroup", "0::/system.slice/" + comm + ".service\n");
    }

    void write(String rel, String text) {
        try {
            Path p = root.resolve(rel);
            Files.createDirectories(p.getParent());
            Files.write(p, text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void remove(int pid) {
        try (var files = Files.walk(root.resolve(Integer.toString(pid)))) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path passwd() {
        Path p = root.resolve("passwd");
        try {
            Files.writeString(p, "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
