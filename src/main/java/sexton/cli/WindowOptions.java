package sexton.cli;

import picocli.CommandLine.Option;

/** {@code --since D} or {@code --from T --to T}: the stretch of history an analysis looks at (default: all). */
final class WindowOptions {
    @Option(names = "--since", paramLabel = "D", converter = DurationConverter.class,
            description = "Look at the last D of history (e.g. 6h; default: all of it).")
    Long sinceMillis;

    @Option(names = "--from", paramLabel = "T", converter = TimeConverter.class, description = "Start of the window.")
    Long from;

    @Option(names = "--to", paramLabel = "T", converter = TimeConverter.class, description = "End of the window.")
    Long to;

    /** [from, to] in epoch ms for a stored host, whose last sample anchors --since. */
    long[] window(sexton.store.Store store, sexton.store.HostRow host) {
        long last = store.lastTime(host.id()).orElseThrow(() -> new UsageError("no history of " + host.name() + " yet"));
        return window(last);
    }

    /** [from, to] in epoch ms, given the host's last sample time (for --since). */
    long[] window(long lastSampleMillis) {
        if (sinceMillis != null && (from != null || to != null)) throw new UsageError("--since and --from/--to are exclusive");
        long f = from != null ? from : Long.MIN_VALUE / 2;
        long t = to != null ? to : Long.MAX_VALUE / 2;
        if (sinceMillis != null) {
            // relative to the end of the history, so an imported capture of last year still works
            f = lastSampleMillis - sinceMillis;
        }
        if (f > t) throw new UsageError("--from is after --to");
        return new long[] {f, t};
    }
}
