package sexton.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A generated spool: sizes, owners, largest children to a depth and files, a symlink loop, hard links, an unreadable directory, files deleted mid-walk. */
class DirWalkerTest {
    @TempDir
    Path dir;

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private DirWalker walker() {
        return new DirWalker(true, 3, uid -> uid == 0 ? "root" : "uid" + uid, 2);
    }

    @Test
    void sizesChildrenFilesAndASymlinkLoop() throws Exception {
        Path spool = Files.createDirectories(dir.resolve("mqueue"));
        Path site1 = Files.createDirectories(spool.resolve("site1"));
        Path site2 = Files.createDirectories(spool.resolve("site2/deep/deeper"));
        for (int i = 0; i < 40; i++) Files.write(site1.resolve("q" + i), new byte[1000]);
        Files.write(site2.resolve("big.eml"), new byte[38_000]);
        Files.write(spool.resolve("top.eml"), new byte[5]);
        Files.createSymbolicLink(spool.resolve("loop"), spool);                  // never followed
        Files.createSymbolicLink(site1.resolve("back"), Path.of(".."));
        Files.createSymbolicLink(spool.resolve("outside"), Path.of("/usr"));
        DirWalker w = walker();
        DirUsage u = w.walk(spool, 10);
        w.close();
        assertThat(u.files()).isEqualTo(42);
        assertThat(u.bytes()).isEqualTo(40 * 1000 + 38_000 + 5);
        assertThat(u.allocatedBytes()).isEqualTo(40 * 4096 + 40960 + 4096);
        assertThat(u.largestChildren()).extracting(DirUsage.Entry::path).containsExactly(site1.toString(), spool.resolve("site2").toString());
        assertThat(u.largestChildren().get(0).bytes()).isEqualTo(40_000);
        assertThat(u.largestFiles()).hasSize(3);
        assertThat(u.largestFiles().get(0).path()).endsWith("big.eml");
        assertThat(u.dirs()).isEqualTo(5);
    }

    @Test
    void depthTwoListsALargeGrandchildAmongTheChildren() throws Exception {
        Path spool = Files.createDirectories(dir.resolve("spool"));
        Path small = Files.createDirectories(spool.resolve("small"));
        Path big = Files.createDirectories(spool.resolve("holder/big"));
        Path mid = Files.createDirectories(spool.resolve("mid"));
        Files.write(small.resolve("a"), new byte[1_000]);
        Files.write(big.resolve("dump"), new byte[50_000]);
        Files.write(spool.resolve("holder/note"), new byte[100]);
        Files.write(mid.resolve("m"), new byte[20_000]);
        Files.write(Files.createDirectories(spool.resolve("holder/big/deeper")).resolve("x"), new byte[7]); // depth 3: left out
        DirWalker w = walker();
        DirUsage one = w.walk(spool, 10, 1);
        DirUsage two = w.walk(spool, 10, 2);
        w.close();
        assertThat(one.largestChildren()).extracting(DirUsage.Entry::path)
                .containsExactly(spool.resolve("holder").toString(), mid.toString(), small.toString());
        assertThat(two.largestChildren()).extracting(DirUsage.Entry::path)
                .containsExactly(spool.resolve("holder").toString(), big.toString(), mid.toString(), small.toString());
        assertThat(two.largestChildren().get(0).bytes()).isEqualTo(50_107);
        assertThat(two.largestChildren().get(1).bytes()).isEqualTo(50_007);
        assertThat(two.largestChildren().get(1).files()).isEqualTo(2);
        assertThat(two.bytes()).isEqualTo(one.bytes()).isEqualTo(71_107);
    }

    @Test
    void theLargestDirectoriesStayWithinTop() throws Exception {
        Path spool = Files.createDirectories(dir.resolve("many"));
        for (int i = 1; i <= 30; i++) {
            Path d = Files.createDirectories(spool.resolve("p" + (i % 3)).resolve("d" + i));
            Files.write(d.resolve("f"), new byte[i * 100]);
        }
        DirWalker w = walker();
        DirUsage u = w.walk(spool, 4, 2);
        w.close();
        // p0 holds d3+d6+..+d30 (16.5 KB), p2 15.5 KB, p1 14.5 KB, then the largest leaf d30 (3 KB); 26 more are dropped
        assertThat(u.largestChildren()).extracting(DirUsage.Entry::bytes).containsExactly(16_500L, 15_500L, 14_500L, 3_000L);
        assertThat(u.largestChildren().get(3).path()).endsWith("d30");
        assertThat(u.dirs()).isEqualTo(34);
    }

    @Test
    void aHardLinkedFileCountsOnceLikeDu() throws Exception {
        Path spool = Files.createDirectories(dir.resolve("links"));
        Path a = Files.write(Files.createDirectories(spool.resolve("a")).resolve("data"), new byte[9_000]);
        Files.createLink(Files.createDirectories(spool.resolve("b")).resolve("same"), a);
        Files.write(spool.resolve("b/other"), new byte[10]);
        DirWalker w = walker();
        DirUsage u = w.walk(spool, 5);
        w.close();
        assertThat(u.files()).isEqualTo(2);
        assertThat(u.bytes()).isEqualTo(9_010);
    }

    @Test
    void oneHugeDirectoryIsSplitIntoBatchesWithoutLosingAFile() throws Exception {
        Path spool = Files.createDirectories(dir.resolve("flat"));
        int n = 5_000; // more than the batches one directory keeps in flight, so the lister stats some itself
        long sum = 0;
        for (int i = 0; i < n; i++) {
            Files.write(spool.resolve("m" + i), new byte[i % 97]);
            sum += i % 97;
        }
        Files.write(spool.resolve("largest"), new byte[4_321]);
        DirWalker w = walker();
        DirUsage u = w.walk(spool, 5);
        w.close();
        assertThat(u.files()).isEqualTo(n + 1);
        assertThat(u.bytes()).isEqualTo(sum + 4_321);
        assertThat(u.largestFiles()).extracting(DirUsage.Entry::bytes).containsExactly(4_321L, 96L, 96L);
        assertThat(u.largestChildren()).isEmpty();
        assertThat(u.dirs()).isEqualTo(1);
    }

    @Test
    void bytesAndFilesPerOwner() throws Exception {
        assumeTrue(root(), "chown needs root: ownership assertions skipped");
        Path spool = Files.createDirectories(dir.resolve("spool"));
        UserPrincipalLookupService users = spool.getFileSystem().getUserPrincipalLookupService();
        for (int i = 0; i < 5; i++) {
            Path f = Files.write(spool.resolve("daemon" + i), new byte[100]);
            Files.setOwner(f, users.lookupPrincipalByName("daemon"));
        }
        Files.write(spool.resolve("root-copy"), new byte[7000]);
        DirWalker w = new DirWalker(true, 3, uid -> uid == 0 ? "root" : uid == 1 ? "daemon" : "uid" + uid, 2);
        DirUsage u = w.walk(spool, 5);
        w.close();
        assertThat(u.byOwner()).containsEntry("root", new DirUsage.Owner(7000, 1)).containsEntry("daemon", new DirUsage.Owner(500, 5));
    }

    @Test
    void anUnreadableDirectoryIsCountedNotFatal() throws Exception {
        assumeTrue(!root(), "root reads every directory: the permission-denied case needs a normal user");
        Path spool = Files.createDirectories(dir.resolve("s"));
        Path closed = Files.createDirectories(spool.resolve("closed"));
        Files.write(closed.resolve("x"), new byte[10]);
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("---------"));
        try {
            DirWalker w = walker();
            DirUsage u = w.walk(spool, 5);
            w.close();
            assertThat(u.denied()).isEqualTo(1);
            assertThat(u.deniedPaths()).anyMatch(p -> p.contains("closed"));
        } finally {
            Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void filesDeletedDuringTheWalkAreCountedAsVanished() throws Exception {
        Path spool = Files.createDirectories(dir.resolve("busy"));
        int n = 20_000;
        for (int d = 0; d < 20; d++) {
            Path sub = Files.createDirectories(spool.resolve("d" + d));
            for (int i = 0; i < n / 20; i++) Files.write(sub.resolve("f" + i), new byte[10]);
        }
        AtomicBoolean stop = new AtomicBoolean();
        Thread deleter = new Thread(() -> {
            for (int d = 19; d >= 0 && !stop.get(); d--) {
                for (int i = 0; i < n / 20; i += 2) {
                    try {
                        Files.deleteIfExists(spool.resolve("d" + d).resolve("f" + i));
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            }
        });
        deleter.start();
        DirWalker w = walker();
        DirUsage u = w.walk(spool, 5);
        w.close();
        stop.set(true);
        deleter.join();
        assertThat(u.files()).isBetween((long) n / 2, (long) n);
        assertThat(u.bytes()).isEqualTo(u.files() * 10);
        assertThat(u.files() + u.vanished()).isLessThanOrEqualTo(n);
    }

    /**
     * The fast path (uid, links and device read from the JDK's stat record) and the portable one
     * (the "unix:" attribute map) agree on a tree with owners, hard links, symlinks, a huge directory
     * and nesting; surefire opens sun.nio.fs as the jar does, so the fast path is the one under test.
     */
    @Test
    void theFastAndPortableStatsAgree() throws Exception {
        assertThat(DirWalker.fastStat()).as("sun.nio.fs opened by the surefire argLine, as by the jar's Add-Opens").isTrue();
        Path spool = Files.createDirectories(dir.resolve("agree"));
        for (int d = 0; d < 6; d++) {
            Path sub = Files.createDirectories(spool.resolve("d" + d + "/inner" + d));
            for (int f = 0; f < 40 * (d + 1); f++) Files.write(sub.resolve("f" + f), new byte[(f * 37 + d * 1000) % 9000]);
        }
        Path flat = Files.createDirectories(spool.resolve("flat"));
        for (int f = 0; f < 1500; f++) Files.write(flat.resolve("m" + f), new byte[f % 700]);
        Files.createLink(spool.resolve("d0/hard"), spool.resolve("d1/inner1/f3"));
        Files.createSymbolicLink(spool.resolve("d2/loop"), spool);
        if (root()) {
            for (int f = 0; f < 30; f++) Files.setAttribute(flat.resolve("m" + f), "unix:uid", 1000 + f % 3);
            Files.setAttribute(spool.resolve("d3/inner3/f1"), "unix:uid", 65534);
        }
        DirWalker fast = new DirWalker(true, 5, uid -> "u" + uid, 2, true);
        DirWalker portable = new DirWalker(true, 5, uid -> "u" + uid, 2, false);
        DirUsage a = fast.walk(spool, 8, 2);
        DirUsage b = portable.walk(spool, 8, 2);
        fast.close();
        portable.close();
        assertThat(a).isEqualTo(b);
        assertThat(a.files()).isEqualTo(40 * 21 + 1500); // the hard link counted once
        if (root()) assertThat(a.byOwner()).containsKeys("u1000", "u1001", "u1002", "u65534", "u0");
    }
}
