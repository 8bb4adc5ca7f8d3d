package sexton.model;

/**
 * {@code /proc/meminfo} figures in KiB. A field the kernel does not report (MemAvailable before
 * 3.14, SReclaimable before 2.6.19) is -1.
 */
public record SystemMemory(long totalKib, long freeKib, long availableKib, long buffersKib, long cachedKib,
                           long sReclaimableKib, long shmemKib, long swapTotalKib, long swapFreeKib,
                           long swapCachedKib) {

    private static long z(long v) { return Math.max(v, 0); }

    /** Page cache as procps-ng {@code free} counts it: Cached + SReclaimable. */
    public long cacheKib() { return z(cachedKib) + z(sReclaimableKib); }

    /** "used" as procps-ng {@code free} prints it: total - free - buffers - cache. */
    public long usedKib() {
        long used = totalKib - freeKib - z(buffersKib) - cacheKib();
        return used < 0 ? totalKib - freeKib : used;
    }

    /** The HOWTO's "Memory Used" (old {@code free -o}): total - free, buffers and cache included. */
    public long usedWithCacheKib() { return totalKib - freeKib; }

    /** The HOWTO's "Memory Used - Memory Buffered - Memory Cached": what applications hold. */
    public long usedMinusBuffersCachedKib() { return totalKib - freeKib - z(buffersKib) - z(cachedKib); }

    /** MemAvailable, or free + buffers + cache on kernels that do not report it. */
    public long availableOrEstimateKib() {
        return availableKib >= 0 ? availableKib : freeKib + z(buffersKib) + cacheKib();
    }

    public long swapUsedKib() { return z(swapTotalKib) - z(swapFreeKib); }
}
