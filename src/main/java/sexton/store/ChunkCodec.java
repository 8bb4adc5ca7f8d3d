package sexton.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Packs a {@link SampleBlock} the way time-series databases do: per column, the first value then
 * deltas, zigzag-encoded as varints (time as delta of delta, so a steady interval costs zero), wchan as
 * indexes into a small string table, and the whole deflated. An idle process's columns are runs of
 * zeros that deflate to almost nothing. First byte: format version, outside the deflated part.
 */
final class ChunkCodec {
    /**
     * 2 added the PCPU and PMEM columns and a steady-column flag before each column; format 1 chunks
     * still decode, with those columns -1.
     */
    static final int FORMAT = 2;

    private final Deflater deflater;
    private final Inflater inflater = new Inflater(true);
    /** Varints before deflating; a plain array because ByteArrayOutputStream locks on every byte. */
    private byte[] raw = new byte[8192];
    private int rawLen;
    private byte[] out = new byte[4096];

    /** Best compression: the recorder packs a window every few minutes and size is what counts. */
    ChunkCodec() {
        this(Deflater.BEST_COMPRESSION);
    }

    ChunkCodec(int level) {
        deflater = new Deflater(level, true);
    }

    byte[] encode(SampleBlock b) {
        rawLen = 0;
        varint(b.n);
        for (int c = 0; c < SampleBlock.COLUMNS; c++) {
            long[] col = b.cols[c];
            // a column whose codes are zero from the third on (a constant, or a steady clock) is
            // flagged and written as its first two codes: half the columns of a chunk, usually
            boolean steady = true;
            for (int i = 2; i < b.n && steady; i++) {
                steady = c == SampleBlock.T ? col[i] - col[i - 1] == col[i - 1] - col[i - 2] : col[i] == col[i - 1];
            }
            raw(steady ? 0 : 1);
            int upTo = steady ? Math.min(b.n, 2) : b.n;
            long prev = 0;
            long prevDelta = 0;
            for (int i = 0; i < upTo; i++) {
                long v = col[i];
                long d = v - prev;
                if (c == SampleBlock.T) {
                    varint(zigzag(d - prevDelta));
                    prevDelta = d;
                } else {
                    varint(zigzag(d));
                }
                prev = v;
            }
        }
        Map<String, Integer> table = new HashMap<>();
        int[] idx = new int[b.n];
        java.util.List<String> strings = new java.util.ArrayList<>();
        for (int i = 0; i < b.n; i++) {
            String w = b.wchan[i];
            if (w == null) continue;
            Integer k = table.get(w);
            if (k == null) {
                strings.add(w);
                k = strings.size();
                table.put(w, k);
            }
            idx[i] = k;
        }
        varint(strings.size());
        for (String s : strings) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            varint(bytes.length);
            ensure(bytes.length);
            System.arraycopy(bytes, 0, raw, rawLen, bytes.length);
            rawLen += bytes.length;
        }
        if (!strings.isEmpty()) for (int i = 0; i < b.n; i++) varint(idx[i]);
        deflater.reset();
        deflater.setInput(raw, 0, rawLen);
        deflater.finish();
        ByteArrayOutputStream packed = new ByteArrayOutputStream(rawLen / 4 + 16);
        packed.write(FORMAT);
        while (!deflater.finished()) {
            int k = deflater.deflate(out);
            packed.write(out, 0, k);
        }
        return packed.toByteArray();
    }

    SampleBlock decode(byte[] data) {
        if (data.length < 1 || data[0] != FORMAT && data[0] != 1) {
            throw new StoreException("chunk format " + (data.length < 1 ? "empty" : data[0]) + " is not known to this sexton");
        }
        inflater.reset();
        inflater.setInput(data, 1, data.length - 1);
        ByteArrayOutputStream plain = new ByteArrayOutputStream(data.length * 8);
        try {
            while (!inflater.finished()) {
                int k = inflater.inflate(out);
                if (k == 0 && (inflater.needsInput() || inflater.needsDictionary())) break;
                plain.write(out, 0, k);
            }
        } catch (DataFormatException e) {
            throw new StoreException("a chunk in the store is damaged: " + e.getMessage(), e);
        }
        byte[] in = plain.toByteArray();
        int[] pos = {0};
        int n = (int) readVarint(in, pos);
        SampleBlock b = new SampleBlock(n);
        b.n = n;
        int columns = data[0] == 1 ? SampleBlock.FORMAT1_COLUMNS : SampleBlock.COLUMNS;
        for (int c = columns; c < SampleBlock.COLUMNS; c++) java.util.Arrays.fill(b.cols[c], 0, n, -1);
        boolean flagged = data[0] >= 2;
        for (int c = 0; c < columns; c++) {
            long prev = 0;
            long prevDelta = 0;
            long[] col = b.cols[c];
            boolean steady = flagged && readFlag(in, pos) == 0;
            for (int i = 0; i < n; i++) {
                long z = steady && i >= 2 ? 0 : unzigzag(readVarint(in, pos));
                long d = c == SampleBlock.T ? prevDelta + z : z;
                if (c == SampleBlock.T) prevDelta = d;
                prev += d;
                col[i] = prev;
            }
        }
        int strings = (int) readVarint(in, pos);
        if (strings > 0) {
            String[] table = new String[strings + 1];
            for (int s = 1; s <= strings; s++) {
                int len = (int) readVarint(in, pos);
                table[s] = new String(in, pos[0], len, StandardCharsets.UTF_8);
                pos[0] += len;
            }
            for (int i = 0; i < n; i++) b.wchan[i] = table[(int) readVarint(in, pos)];
        }
        return b;
    }

    private void varint(long v) {
        ensure(10);
        byte[] r = raw;
        int k = rawLen;
        while ((v & ~0x7FL) != 0) {
            r[k++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        r[k++] = (byte) v;
        rawLen = k;
    }

    private static int readFlag(byte[] in, int[] pos) {
        if (pos[0] >= in.length) throw new StoreException("a chunk in the store is damaged (truncated)");
        return in[pos[0]++];
    }

    private void raw(int b) {
        ensure(1);
        raw[rawLen++] = (byte) b;
    }

    private void ensure(int more) {
        if (rawLen + more > raw.length) raw = java.util.Arrays.copyOf(raw, Math.max(raw.length * 2, rawLen + more));
    }

    private static long readVarint(byte[] in, int[] pos) {
        long v = 0;
        int shift = 0;
        while (true) {
            if (pos[0] >= in.length || shift > 63) throw new StoreException("a chunk in the store is damaged (truncated)");
            byte b = in[pos[0]++];
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) return v;
            shift += 7;
        }
    }

    static long zigzag(long v) { return (v << 1) ^ (v >> 63); }

    static long unzigzag(long z) { return (z >>> 1) ^ -(z & 1); }
}
