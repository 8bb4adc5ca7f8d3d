package sexton.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserNamesTest {
    private static final String PASSWD = """
            root:x:0:0:root:/root:/bin/bash
            daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
            # a comment line
            www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
            alice:x:1000:1000:Alice,,,:/home/alice:/bin/bash
            toor:x:0:0:second root:/root:/bin/sh
            broken-line
            bad:x:notanumber:1::/:/bin/sh
            nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
            +@netgroup::::::
            """;

    @TempDir
    Path dir;

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private UserNames names(Path file) {
        return new UserNames(file, now::get);
    }

    @Test
    void namesFromThePasswdFile() throws Exception {
        Path passwd = Files.writeString(dir.resolve("passwd"), PASSWD);
        UserNames u = names(passwd);
        assertThat(u.name(0)).as("first entry wins over toor").isEqualTo("root");
        assertThat(u.name(33)).isEqualTo("www-data");
        assertThat(u.name(1000)).isEqualTo("alice");
        assertThat(u.name(65534)).isEqualTo("nobody");
    }

    @Test
    void unknownUidIsItsNumberAndMinusOneIsNull() throws Exception {
        UserNames u = names(Files.writeString(dir.resolve("passwd"), PASSWD));
        assertThat(u.name(4242)).isEqualTo("4242");
        assertThat(u.name(4242)).isSameAs(u.name(4242));
        assertThat(u.name(100999)).isEqualTo("100999");
        assertThat(u.name(-1)).isNull();
        assertThat(u.name(1)).isEqualTo("daemon");
    }

    @Test
    void missingFileGivesNumbers() {
        UserNames u = names(dir.resolve("absent"));
        assertThat(u.name(0)).isEqualTo("0");
    }

    @Test
    void changedFileIsReadAgainAfterThirtySeconds() throws Exception {
        Path passwd = Files.writeString(dir.resolve("passwd"), PASSWD);
        Files.setLastModifiedTime(passwd, FileTime.fromMillis(1_600_000_000_000L));
        UserNames u = names(passwd);
        assertThat(u.name(1001)).isEqualTo("1001");

        Files.writeString(passwd, PASSWD + "bob:x:1001:1001::/home/bob:/bin/bash\n");
        Files.setLastModifiedTime(passwd, FileTime.fromMillis(1_600_000_060_000L));
        now.addAndGet(TimeUnit.SECONDS.toNanos(29));
        assertThat(u.name(1001)).as("not checked again before 30 s").isEqualTo("1001");
        now.addAndGet(TimeUnit.SECONDS.toNanos(2));
        assertThat(u.name(1001)).isEqualTo("bob");
        assertThat(u.name(1000)).isEqualTo("alice");
    }

    @Test
    void unchangedFileIsNotReadAgain() throws Exception {
        Path passwd = Files.writeString(dir.resolve("passwd"), PASSWD);
        FileTime mtime = Files.getLastModifiedTime(passwd);
        UserNames u = names(passwd);
        assertThat(u.name(1000)).isEqualTo("alice");
        // Same size and mtime: a rewrite that keeps both is not noticed, which proves no re-read.
        Files.writeString(passwd, PASSWD.replace("alice", "alana"));
        Files.setLastModifiedTime(passwd, mtime);
        now.addAndGet(TimeUnit.MINUTES.toNanos(5));
        assertThat(u.name(1000)).isEqualTo("alice");
    }
}
