package sexton.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class ChunkCodecTest {
    private final ChunkCodec codec = new ChunkCodec();

    private static void assertSame(SampleBlock a, SampleBlock b) {
        assertThat(b.n).isEqualTo(a.n);
        for (int c = 0; c < SampleBlock.COLUMNS; c++) {
            for (int i = 0; i < a.n; i++) assertThat(b.get(c, i)).as("column %d sample %d", c, i).isEqualTo(a.get(c, i));
        }
        for (int i = 0; i < a.n; i++) assertThat(b.wchan[i]).isEqualTo(a.wchan[i]);
    }

    @Test
    void roundTripsRandomBlocksWithExtremes() {
        SplittableRandom r = new SplittableRandom(11);
        long[] extremes = {Long.MIN_VALUE, Long.MAX_VALUE, -1, 0, 1, Integer.MIN_VALUE, Integer.MAX_VALUE};
        for (int round = 0; round < 200; round++) {
            int n = 1 + r.nextInt(round < 20 ? 3 : 800);
            SampleBlock b = new SampleBlock(n);
            long[] row = new long[SampleBlock.COLUMNS];
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < SampleBlock.COLUMNS; c++) {
                    int how = r.nextInt(10);
                    row[c] = how == 0 ? extremes[r.nextInt(extremes.length)] : how < 5 ? row[c] : row[c] + r.nextInt(2001) - 1000;
                }
                String w = r.nextInt(6) == 0 ? (r.nextBoolean() ? "io_schedule" : "ß-wait ✓") : null;
                b.add(row, w);
            }
            assertSame(b, codec.decode(codec.encode(b)));
        }
    }

    @Test
    void anIdleProcessCostsAlmostNothing() {
        SampleBlock b = new SampleBlock(720);
        long[] row = {1_800_000_000_000L, 'S', 1, 500, 500, 0, 12345, 678, 4, 200_000, 50_000, 33, 0, 0, 30_000, 20_000, 0, -1, -1};
        for (int i = 0; i < 720; i++) {
            b.add(row.clone(), null);
            row[SampleBlock.T] += 10_000;
        }
        byte[] packed = codec.encode(b);
        assertThat(packed.length).as("720 idle samples, 12 KiB as plain varints").isLessThan(160);
        assertSame(b, codec.decode(packed));
    }

    @Test
    void formatOneChunksOfEarlierStoresStillDecode() throws Exception {
        // format 1: 17 columns, every code written, no steady flags
        java.io.ByteArrayOutputStream plain = new java.io.ByteArrayOutputStream();
        plain.write(2); // n
        long[][] cols = new long[17][];
        for (int c = 0; c < 17; c++) cols[c] = new long[] {100 + c, 100 + c + (c == SampleBlock.RSS ? 7 : 0)};
        cols[SampleBlock.T] = new long[] {60, 70};
        for (int c = 0; c < 17; c++) {
            long prev = 0, prevDelta = 0;
            for (long v : cols[c]) {
                long d = v - prev;
                long code = c == SampleBlock.T ? d - prevDelta : d;
                if (c == SampleBlock.T) prevDelta = d;
                long z = ChunkCodec.zigzag(code);
                while ((z & ~0x7FL) != 0) {
                    plain.write((int) ((z & 0x7F) | 0x80));
                    z >>>= 7;
                }
                plain.write((int) z);
                prev = v;
            }
        }
        plain.write(0); // no wchan strings
        java.util.zip.Deflater d = new java.util.zip.Deflater(9, true);
        d.setInput(plain.toByteArray());
        d.finish();
        byte[] buf = new byte[256];
        int k = d.deflate(buf);
        byte[] chunk = new byte[k + 1];
        chunk[0] = 1;
        System.arraycopy(buf, 0, chunk, 1, k);
        SampleBlock b = codec.decode(chunk);
        assertThat(b.n).isEqualTo(2);
        assertThat(b.get(SampleBlock.T, 1)).isEqualTo(70);
        assertThat(b.get(SampleBlock.RSS, 1)).isEqualTo(100 + SampleBlock.RSS + 7);
        assertThat(b.get(SampleBlock.PCPU, 0)).as("not in format 1").isEqualTo(-1);
        assertThat(b.get(SampleBlock.PMEM, 1)).isEqualTo(-1);
    }

    @Test
    void unknownFormatOrDamageIsAClearError() {
        SampleBlock b = new SampleBlock(1);
        b.add(new long[SampleBlock.COLUMNS], null);
        byte[] packed = codec.encode(b);
        packed[0] = 99;
        assertThatThrownBy(() -> codec.decode(packed)).isInstanceOf(StoreException.class).hasMessageContaining("format 99");
        byte[] cut = java.util.Arrays.copyOf(codec.encode(b), 3);
        assertThatThrownBy(() -> codec.decode(cut)).isInstanceOf(StoreException.class);
    }

    @Test
    void zigzag() {
        for (long v : new long[] {0, 1, -1, 63, -64, Long.MAX_VALUE, Long.MIN_VALUE}) {
            assertThat(ChunkCodec.unzigzag(ChunkCodec.zigzag(v))).isEqualTo(v);
        }
        assertThat(ChunkCodec.zigzag(-1)).isEqualTo(1);
        assertThat(ChunkCodec.zigzag(1)).isEqualTo(2);
    }
}
