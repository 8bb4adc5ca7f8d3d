package sexton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sexton.model.HostInfo;
import sexton.store.Store;

/** Which directories {@code dirs} looks at by default, and its answers to bad input. */
class DirsCommandTest {
    @TempDir
    Path root;

    @Test
    void defaultsAreTheSpoolsLogsCoreDumpsAndWatchedDirectoriesThatExist() throws Exception {
        for (String d : new String[] {"var/spool/mqueue", "var/spool/postfix/deferred", "var/spool/cron", "var/log", "tmp", "cores", "srv/queue"}) {
            Files.createDirectories(root.resolve(d));
        }
        Files.createSymbolicLink(root.resolve("var/spool/elsewhere"), root.resolve("srv"));
        Files.createDirectories(root.resolve("proc/sys/kernel"));
        Files.writeString(root.resolve("proc/sys/kernel/core_pattern"), "/cores/core.%e.%p\n");
        List<Path> roots = DirsCommand.defaultRoots(root, List.of("/srv/queue", "/srv/gone"));
        assertThat(roots).containsExactly(root.resolve("var/spool/cron"), root.resolve("var/spool/mqueue"), root.resolve("var/spool/postfix"),
                root.resolve("var/spool/postfix/deferred"), root.resolve("var/log"), root.resolve("tmp"), root.resolve("cores"),
                root.resolve("srv/queue"));
        assertThat(roots).as("a symlink in /var/spool is not followed").doesNotContain(root.resolve("var/spool/elsewhere"));

        // a pipe in core_pattern: cores go to systemd-coredump or apport, whose directories are in the list already
        Files.writeString(root.resolve("proc/sys/kernel/core_pattern"), "|/usr/lib/systemd/systemd-coredump %P %u\n");
        assertThat(DirsCommand.defaultRoots(root, List.of())).doesNotContain(root.resolve("cores"));
    }

    @Test
    void badInputIsAOneLineUsageError() throws Exception {
        CliRun noStore = CliRun.of("dirs", "--db", root.resolve("absent.db").toString(), root.toString());
        assertThat(noStore.exit()).isEqualTo(2);
        assertThat(noStore.err()).contains("no store at").doesNotContain("Exception");
        CliRun noDir = CliRun.of("dirs", root.resolve("nope").toString());
        assertThat(noDir.exit()).isEqualTo(2);
        assertThat(noDir.err()).contains("no such directory");
        Files.writeString(root.resolve("file"), "x");
        assertThat(CliRun.of("dirs", root.resolve("file").toString()).err()).contains("not a directory");
        assertThat(CliRun.of("dirs", "--top", "0", root.toString()).exit()).isEqualTo(2);
        for (String depth : new String[] {"0", "11"}) {
            CliRun bad = CliRun.of("dirs", "--depth", depth, root.toString());
            assertThat(bad.exit()).isEqualTo(2);
            assertThat(bad.err()).contains("--depth must be between 1 and 10");
        }
        Files.write(Files.createDirectories(root.resolve("spool/holder/big")).resolve("dump"), new byte[50_000]);
        CliRun deep = CliRun.of("dirs", "--depth", "2", "--json", root.resolve("spool").toString());
        assertThat(deep.out()).contains("\"path\" : \"" + root.resolve("spool/holder/big") + "\"");
        assertThat(CliRun.of("dirs", "--json", root.resolve("spool").toString()).out()).doesNotContain(root.resolve("spool/holder/big").toString() + "\"");
        assertThat(CliRun.of("record", "--watch-dir", root.resolve("nope").toString(), "--count", "1", "--db", root.resolve("r.db").toString())
                .err()).contains("--watch-dir").contains("no such directory");
        assertThat(root.resolve("r.db")).as("nothing written on bad input").doesNotExist();
    }

    @Test
    void withoutHistoryTheGrowthIsNullAndSaysHowToGetIt() throws Exception {
        Files.writeString(root.resolve("a"), "x".repeat(3000));
        Path db = root.resolve("empty.db");
        try (Store s = Store.open(db)) {
            s.host(new HostInfo(sexton.record.Sampler.system().hostName(), 100, 4096));
        }
        CliRun json = CliRun.of("dirs", "--db", db.toString(), "--json", root.toString());
        assertThat(json.exit()).as(json.err()).isZero();
        Object d = sexton.testing.JsonTree.at(sexton.testing.JsonTree.parse(json.out()), "dirs", 0);
        assertThat(sexton.testing.JsonTree.at(d, "growth_bytes_per_hour")).isNull();
        assertThat(sexton.testing.JsonTree.at(d, "fs_full_at")).isNull();
        assertThat(sexton.testing.JsonTree.at(d, "verdict")).isEqualTo("insufficient-data");
        assertThat((Long) sexton.testing.JsonTree.at(d, "bytes")).isGreaterThanOrEqualTo(3000);
        CliRun check = CliRun.of("check", "dirs", "--db", db.toString());
        assertThat(check.exit()).isEqualTo(3);
        assertThat(check.out()).startsWith("SEXTON DIRS UNKNOWN - no watched directories");
        CliRun text = CliRun.of("dirs", "--db", db.toString(), root.toString());
        assertThat(text.out()).contains("growth: no history (record it with 'sexton record --watch-dir " + root + "')");
    }

    /**
     * An unreadable subdirectory is counted, not fatal. Root reads everything, so as root the command
     * runs in a child JVM whose capability bounding set lacks the two that bypass permissions.
     */
    @Test
    void anUnreadableSubdirectoryIsCountedAndTheRestIsMeasured() throws Exception {
        Path tree = Files.createDirectories(root.resolve("tree"));
        Files.writeString(tree.resolve("readable"), "x".repeat(4000));
        Path secret = Files.createDirectories(tree.resolve("secret"));
        Files.writeString(secret.resolve("hidden"), "y".repeat(9000));
        Files.setPosixFilePermissions(secret, java.util.Set.of());
        try {
            String out;
            int exit;
            boolean asRoot = "root".equals(System.getProperty("user.name"));
            if (asRoot) {
                org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv (util-linux) is needed to drop root's read bypass");
                String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
                Process p = new ProcessBuilder("/usr/bin/setpriv", "--bounding-set", "-dac_override,-dac_read_search", javaBin, "-Xmx128m",
                        "-Duser.home=" + root, "-cp", System.getProperty("java.class.path"), "sexton.cli.Main", "dirs", "--json", tree.toString())
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                exit = p.exitValue();
            } else {
                CliRun r = CliRun.of("dirs", "--json", tree.toString());
                out = r.out();
                exit = r.exit();
            }
            assertThat(exit).as(out).isZero();
            Object d = sexton.testing.JsonTree.at(sexton.testing.JsonTree.parse(out), "dirs", 0);
            assertThat((Long) sexton.testing.JsonTree.at(d, "unreadable")).isEqualTo(1);
            assertThat((Long) sexton.testing.JsonTree.at(d, "bytes")).isEqualTo(4000);
            assertThat((Long) sexton.testing.JsonTree.at(d, "files")).isEqualTo(1);
        } finally {
            Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        }
    }
}
