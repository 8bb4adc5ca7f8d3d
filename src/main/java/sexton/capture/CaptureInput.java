package sexton.capture;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import org.tukaani.xz.XZInputStream;

/**
 * Opens a capture file for reading: plain, gzip or xz, told by the first bytes (not the name, which
 * support bundles often get wrong). Counts the compressed bytes read, for progress.
 */
public final class CaptureInput {
    private CaptureInput() {}

    /** Bytes read from the file itself, before decompression. */
    public static final class Counting extends FilterInputStream {
        private volatile long count;

        Counting(InputStream in) { super(in); }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count++;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) count += n;
            return n;
        }

        public long count() { return count; }
    }

    /** The decompressed text of {@code raw}, which is read through {@code counting}. */
    static InputStream open(Counting counting, String source) throws IOException {
        BufferedInputStream in = new BufferedInputStream(counting, 1 << 16);
        in.mark(8);
        byte[] magic = in.readNBytes(6);
        in.reset();
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            return new GZIPInputStream(in, 1 << 16);
        }
        if (magic.length == 6 && (magic[0] & 0xff) == 0xfd && magic[1] == '7' && magic[2] == 'z' && magic[3] == 'X'
                && magic[4] == 'Z' && magic[5] == 0) {
            return new XZInputStream(in);
        }
        return in;
    }

    static Counting raw(Path file) throws IOException {
        return new Counting(Files.newInputStream(file));
    }

    /** A one-line reason for an I/O failure on {@code source}. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) return "no such file";
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof java.util.zip.ZipException) return "damaged gzip data (" + e.getMessage() + ")";
        if (e instanceof java.io.EOFException) return "the compressed data ends early (truncated file)";
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
