package sexton.procfs;

/**
 * What turns /proc figures into units: clock ticks per second (stat times) and the page size
 * (stat rss), both fixed for the life of a host.
 */
public record HostConstants(int clockTicks, int pageSize) {
    /** The values of every x86-64 and most arm64 Linux hosts. */
    public static final HostConstants DEFAULT = new HostConstants(100, 4096);
}
