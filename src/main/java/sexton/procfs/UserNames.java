package sexton.procfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * User names from a passwd file, as ps shows them: the name for a known uid, the uid in decimal
 * otherwise. Kept in sorted arrays so a lookup allocates nothing; the file is read again when its
 * modification time or size changes, checked at most every 30 seconds. Names served by NSS
 * (LDAP, sssd) are not in the file and show as numbers.
 */
public final class UserNames {
    static final long RECHECK_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final Path passwdFile;
    private final LongSupplier nanoTime;

    private int[] uids = new int[0];
    private String[] names = new String[0];
    private int size;
    private boolean loaded;
    private long lastCheckNanos;
    private FileTime loadedMtime;
    private long loadedSize = -1;

    public UserNames(Path passwdFile) {
        this(passwdFile, System::nanoTime);
    }

    /** With an injected monotonic clock, for tests. */
    public UserNames(Path passwdFile, LongSupplier nanoTime) {
        this.passwdFile = Objects.requireNonNull(passwdFile);
        this.nanoTime = Objects.requireNonNull(nanoTime);
    }

    public static UserNames system() {
        return new UserNames(Path.of("/etc/passwd"));
    }

    /** The name of {@code uid}, its decimal string when the file does not know it, null for -1 (unknown). */
    public synchronized String name(int uid) {
        if (uid == -1) return null;
        reloadIfChanged();
        int i = Arrays.binarySearch(uids, 0, size, uid);
        if (i >= 0) return names[i];
        // Remember the decimal form too: uids mapped into containers repeat at every sample.
        String decimal = Integer.toUnsignedString(uid);
        insert(-i - 1, uid, decimal);
        return decimal;
    }

    private void reloadIfChanged() {
        long now = nanoTime.getAsLong();
        if (loaded && now - lastCheckNanos < RECHECK_NANOS) return;
        lastCheckNanos = now;
        FileTime mtime = null;
        long fileSize = -1;
        try {
            BasicFileAttributes a = Files.readAttributes(passwdFile, BasicFileAttributes.class);
            mtime = a.lastModifiedTime();
            fileSize = a.size();
        } catch (IOException e) {
            // A missing file leaves every uid as a number.
        }
        if (loaded && Objects.equals(mtime, loadedMtime) && fileSize == loadedSize) return;
        loaded = true;
        loadedMtime = mtime;
        loadedSize = fileSize;
        load();
    }

    private void load() {
        size = 0;
        uids = new int[64];
        names = new String[64];
        String text;
        try {
            text = new String(Files.readAllBytes(passwdFile), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return;
        }
        int from = 0;
        while (from < text.length()) {
            int eol = text.indexOf('\n', from);
            if (eol < 0) eol = text.length();
            addEntry(text, from, eol);
            from = eol + 1;
        }
    }

    /** {@code name:password:uid:gid:gecos:home:shell}; the first line for a uid wins, as getpwuid does. */
    private void addEntry(String text, int from, int eol) {
        int c1 = text.indexOf(':', from);
        if (c1 <= from || c1 >= eol) return;
        char first = text.charAt(from);
        if (first == '#' || first == '+' || first == '-') return; // comments, NIS includes
        int c2 = text.indexOf(':', c1 + 1);
        if (c2 < 0 || c2 >= eol) return;
        int c3 = text.indexOf(':', c2 + 1);
        int uidEnd = c3 < 0 || c3 > eol ? eol : c3;
        if (uidEnd == c2 + 1 || uidEnd - c2 - 1 > 10) return;
        long uid = 0;
        for (int i = c2 + 1; i < uidEnd; i++) {
            int d = text.charAt(i) - '0';
            if (d < 0 || d > 9) return;
            uid = uid * 10 + d;
        }
        if (uid > 0xffff_fffeL) return;
        int i = Arrays.binarySearch(uids, 0, size, (int) uid);
        if (i < 0) insert(-i - 1, (int) uid, text.substring(from, c1));
    }

    private void insert(int at, int uid, String name) {
        if (size == uids.length) {
            uids = Arrays.copyOf(uids, Math.max(16, size * 2));
            names = Arrays.copyOf(names, uids.length);
        }
        System.arraycopy(uids, at, uids, at + 1, size - at);
        System.arraycopy(names, at, names, at + 1, size - at);
        uids[at] = uid;
        names[at] = name;
        size++;
    }
}
