package sexton.procfs;

import java.nio.ByteOrder;

/**
 * {@code /proc/self/auxv}: the ELF auxiliary vector the kernel hands a program, pairs of native
 * 64-bit words (type, value) ending with {@code AT_NULL}. It is where libc learns the page size and
 * clock tick rate, so reading it gives what {@code sysconf} would without native code. 32-bit
 * hosts (4-byte words) are not supported and get the defaults.
 */
public final class AuxvParser {
    private static final int AT_NULL = 0;
    private static final int AT_PAGESZ = 6;
    private static final int AT_CLKTCK = 17;
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private AuxvParser() {
    }

    /** The constants found; a value absent or implausible falls back to {@link HostConstants#DEFAULT}'s. */
    public static HostConstants parse(byte[] buf, int len) {
        int end = Math.min(len, buf.length);
        int clockTicks = -1;
        int pageSize = -1;
        for (int at = 0; at + 16 <= end; at += 16) {
            long type = word(buf, at);
            long value = word(buf, at + 8);
            if (type == AT_NULL) break;
            if (type == AT_PAGESZ && value >= 512 && value <= (1 << 30) && Long.bitCount(value) == 1) {
                pageSize = (int) value;
            } else if (type == AT_CLKTCK && value > 0 && value <= 1_000_000) {
                clockTicks = (int) value;
            }
        }
        return new HostConstants(clockTicks > 0 ? clockTicks : HostConstants.DEFAULT.clockTicks(),
                pageSize > 0 ? pageSize : HostConstants.DEFAULT.pageSize());
    }

    private static long word(byte[] b, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            int shift = LITTLE_ENDIAN ? 8 * i : 8 * (7 - i);
            v |= (b[at + i] & 0xffL) << shift;
        }
        return v;
    }
}
