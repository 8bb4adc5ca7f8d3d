package sexton.procfs;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

import sexton.model.KernelStats;
import sexton.model.LoadAverage;
import sexton.model.SystemMemory;

/**
 * A /proc tree: the real one or a fixture copy under any root. Per-process files are read into
 * the caller's buffer and a process that vanished or a file the reader may not open comes back
 * as {@link #MISSING} or {@link #DENIED}, because both are routine when thousands of processes
 * are read per sample. System-wide files must exist and throw when they do not.
 */
public final class ProcFs {
    public static final Path DEFAULT_ROOT = Path.of("/proc");
    /** File or process does not exist (ENOENT, ESRCH, process vanished mid-read). */
    public static final int MISSING = -1;
    /** Permission denied (EACCES, EPERM). */
    public static final int DENIED = -2;

    private static final int SMALL_FILE = 64;
    private static final int AUXV_BUFFER = 4096;

    private final Path root;
    private final String rootString;

    public ProcFs(Path root) {
        this.root = Objects.requireNonNull(root);
        String s = root.toString();
        while (s.endsWith("/")) s = s.substring(0, s.length() - 1);
        this.rootString = s;
    }

    public static ProcFs system() {
        return new ProcFs(DEFAULT_ROOT);
    }

    public Path root() { return root; }

    /** The root without a trailing slash ({@code ""} for {@code /}), for building paths by concatenation. */
    public String rootString() { return rootString; }

    /** Numeric entries of the root directory (pids), ascending. */
    public int[] listPids() {
        String[] entries = root.toFile().list();
        if (entries == null) return new int[0];
        int[] pids = new int[entries.length];
        int n = 0;
        for (String e : entries) {
            int pid = pidOf(e);
            if (pid > 0) pids[n++] = pid;
        }
        int[] out = Arrays.copyOf(pids, n);
        Arrays.sort(out);
        return out;
    }

    private static int pidOf(String name) {
        if (name.isEmpty() || name.length() > 10) return -1;
        long v = 0;
        for (int i = 0; i < name.length(); i++) {
            int d = name.charAt(i) - '0';
            if (d < 0 || d > 9) return -1;
            v = v * 10 + d;
        }
        return v <= Integer.MAX_VALUE ? (int) v : -1;
    }

    /**
     * Reads the file at {@code absolutePath} into {@code buf}: one open, reads until EOF or a full
     * buffer, one close. Returns the byte count (0 for an empty file), {@link #MISSING} or
     * {@link #DENIED}; never throws. Other I/O errors count as missing.
     */
    public int read(String absolutePath, byte[] buf) {
        try (FileInputStream in = new FileInputStream(absolutePath)) {
            int n = 0;
            while (n < buf.length) {
                int r = in.read(buf, n, buf.length - n);
                if (r < 0) break;
                n += r;
            }
            return n;
        } catch (IOException e) {
            return failureCode(e);
        }
    }

    /**
     * Like {@link #read} but with a single read call: for seq_file-backed files such as
     * {@code /proc/PID/stat}, one read returns the whole record when the buffer holds it, and the
     * second read that {@link #read} makes only to meet EOF would cost a syscall per process.
     * A result equal to {@code buf.length} means the record may be cut.
     */
    public int readOnce(String absolutePath, byte[] buf) {
        try (FileInputStream in = new FileInputStream(absolutePath)) {
            int r = in.read(buf, 0, buf.length);
            return r < 0 ? 0 : r;
        } catch (IOException e) {
            return failureCode(e);
        }
    }

    /**
     * The JDK reports errno only in the message, e.g. {@code /proc/1/environ (Permission denied)}.
     * A read that fails after open (ESRCH once the process is reaped) also lands here.
     */
    static int failureCode(IOException e) {
        String m = e.getMessage();
        if (m != null && (m.contains("Permission denied") || m.contains("Operation not permitted"))) return DENIED;
        return MISSING;
    }

    /**
     * {@code readOnce(root + "/" + pid + "/" + name, buf)}: every per-process file sexton reads
     * (stat, cmdline, status, cgroup, wchan) returns its whole content to one read that has room for it.
     */
    public int readPidFile(int pid, String name, byte[] buf) {
        return readOnce(rootString + "/" + pid + "/" + name, buf);
    }

    public SystemMemory meminfo() throws IOException {
        byte[] b = readSystemFile("meminfo");
        return MeminfoParser.parse(b, b.length);
    }

    public KernelStats kernelStats() throws IOException {
        byte[] b = readSystemFile("stat");
        return KernelStatParser.parse(b, b.length);
    }

    public LoadAverage loadavg() throws IOException {
        byte[] b = readSystemFile("loadavg");
        return LoadavgParser.parse(b, b.length);
    }

    /**
     * The soft limit on open files from {@code self/limits} ("Max open files"), or -1 when unknown.
     * Decides how many per-process files may be kept open.
     */
    public long openFileLimit() {
        byte[] buf = new byte[4096];
        int n = read(rootString + "/self/limits", buf);
        if (n <= 0) return -1;
        String text = new String(buf, 0, n, java.nio.charset.StandardCharsets.US_ASCII);
        for (String line : text.split("\n")) {
            if (line.startsWith("Max open files")) {
                String[] f = line.substring("Max open files".length()).trim().split("\\s+");
                if (f.length > 0 && !f[0].equals("unlimited")) {
                    try {
                        return Long.parseLong(f[0]);
                    } catch (NumberFormatException e) {
                        return -1;
                    }
                }
                return f.length > 0 ? Long.MAX_VALUE : -1;
            }
        }
        return -1;
    }

    /** {@code sys/kernel/pid_max}, -1 if unreadable. */
    public int pidMax() { return smallNumber("sys/kernel/pid_max"); }

    /** {@code sys/kernel/threads-max}, -1 if unreadable. */
    public int threadsMax() { return smallNumber("sys/kernel/threads-max"); }

    /** Clock ticks and page size from {@code self/auxv}; {@link HostConstants#DEFAULT} when absent. */
    public HostConstants hostConstants() {
        byte[] buf = new byte[AUXV_BUFFER];
        int n = read(rootString + "/self/auxv", buf);
        return n > 0 ? AuxvParser.parse(buf, n) : HostConstants.DEFAULT;
    }

    /**
     * A whole system file, however long: /proc/stat on a large host carries an interrupt line of
     * tens of KiB before the btime and processes lines.
     */
    private byte[] readSystemFile(String name) throws IOException {
        String path = rootString + "/" + name;
        try (FileInputStream in = new FileInputStream(path)) {
            return in.readAllBytes();
        }
    }

    private int smallNumber(String name) {
        byte[] buf = new byte[SMALL_FILE];
        int n = read(rootString + "/" + name, buf);
        if (n <= 0) return -1;
        long v = new AsciiCursor(buf, n).nextLong();
        return v == AsciiCursor.NONE || v < 0 || v > Integer.MAX_VALUE ? -1 : (int) v;
    }
}
