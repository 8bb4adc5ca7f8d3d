package sexton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bad input: one clear line on stderr, exit 2, nothing written, never a stack trace. */
class BadInputTest {
    @TempDir
    Path dir;

    private CliRun refused(String... args) {
        CliRun r = CliRun.of(args);
        assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(2);
        assertThat(r.err().strip()).as("one line").doesNotContain("\n").isNotEmpty();
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        return r;
    }

    @Test
    void badDurationsAndCounts() throws Exception {
        Path db = dir.resolve("x.db");
        assertThat(refused("record", "--interval", "0", "--db", db.toString()).err()).contains("zero");
        assertThat(refused("record", "--interval", "-5s", "--db", db.toString()).err()).contains("negative");
        assertThat(refused("record", "--duration", "soon", "--db", db.toString()).err()).contains("'soon' is not a duration");
        assertThat(refused("record", "--retain", "1y", "--db", db.toString()).err()).contains("not a duration");
        assertThat(refused("record", "--count", "0", "--db", db.toString()).err()).contains("--count");
        assertThat(refused("record", "--count", "3", "--duration", "1m", "--db", db.toString()).err()).contains("mutually exclusive");
        assertThat(Files.exists(db)).as("nothing written").isFalse();
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void unknownSortKeyAndBadTimes() {
        assertThat(refused("ps", "--sort", "colour").err()).contains("unknown sort key 'colour'");
        assertThat(refused("ps", "--at", "whenever", "--db", dir.resolve("a.db").toString()).err()).contains("is not a time");
        assertThat(refused("free", "--at", "@x").err()).contains("is not a time");
        assertThat(refused("frobnicate").err()).contains("frobnicate");
    }

    @Test
    void unwritableOrForeignStores() throws Exception {
        Path notADir = dir.resolve("plain-file");
        Files.writeString(notADir, "I am a file, not a directory\n");
        refused("record", "--count", "1", "--db", notADir.resolve("sub/x.db").toString());
        assertThat(Files.readString(notADir)).isEqualTo("I am a file, not a directory\n");

        Path foreign = dir.resolve("notes.txt");
        Files.writeString(foreign, "these are my notes, not a database\n".repeat(50));
        long before = Files.getLastModifiedTime(foreign).toMillis();
        assertThat(refused("ps", "--db", foreign.toString(), "--at", "now").err()).contains("not a sexton store");
        refused("record", "--count", "1", "--db", foreign.toString());
        assertThat(Files.readString(foreign)).isEqualTo("these are my notes, not a database\n".repeat(50));
        assertThat(Files.getLastModifiedTime(foreign).toMillis()).isEqualTo(before);
        assertThat(dir.resolve("notes.txt-wal")).doesNotExist();

        assertThat(refused("ps", "--db", dir.resolve("missing.db").toString(), "--at", "now").err()).contains("missing.db");
        assertThat(dir.resolve("missing.db")).doesNotExist();
    }

    @Test
    void helpAndVersionExitZero() {
        for (String cmd : new String[] {"record", "ps", "free", "bench"}) {
            CliRun r = CliRun.of(cmd, "--help");
            assertThat(r.exit()).isZero();
            assertThat(r.out()).contains("Usage: sexton " + cmd);
            assertThat(r.err()).as("picocli formats descriptions: a bare %% breaks them").doesNotContain("WARN");
        }
        assertThat(CliRun.of("--version").out()).startsWith("sexton ");
    }
}
