package sexton.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonGenerator;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sexton.model.Snapshot;
import sexton.model.SystemMemory;

/**
 * System memory as {@code free} prints it, in the classic layout whose {@code -/+ buffers/cache} line is
 * the HOWTO's "Memory Used - Memory Buffered - Memory Cached", plus MemAvailable.
 */
@Command(name = "free", mixinStandardHelpOptions = true,
        description = {"Show system memory like free, live or as recorded.",
                "Mem used = total - free (buffers and cache included); the -/+ buffers/cache line gives used - buffers - cached: what applications hold. available = MemAvailable."})
final class FreeCommand implements Callable<Integer> {
    @Mixin
    StoreOptions store;

    @Option(names = "--at", paramLabel = "TIME", converter = TimeConverter.class,
            description = "Show recorded memory at TIME (now, 10m ago, @epoch, 2026-11-22 10:15, ISO 8601).")
    Long at;

    @ArgGroup(exclusive = true)
    Units units;

    static final class Units {
        @Option(names = {"-k", "--kibi"}, description = "KiB (default).") boolean kib;
        @Option(names = {"-m", "--mebi"}, description = "MiB.") boolean mib;
        @Option(names = {"-g", "--gibi"}, description = "GiB.") boolean gib;
        @Option(names = "--human", description = "Human units (K, M, G).") boolean human;
    }

    @Option(names = "--json", description = "Print JSON (values in KiB).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Snapshot snap = SnapshotSource.get(store, at);
        SystemMemory m = snap.memory();
        PrintStream out = System.out;
        if (json) {
            JsonGenerator g = JsonOutput.to(out);
            g.writeStartObject();
            g.writeStringField("time", JsonOutput.iso(snap.timeMillis()));
            g.writeNumberField("total_kib", m.totalKib());
            g.writeNumberField("free_kib", m.freeKib());
            g.writeNumberField("used_kib", m.usedKib());
            g.writeNumberField("used_with_cache_kib", m.usedWithCacheKib());
            g.writeNumberField("used_minus_buffers_cached_kib", m.usedMinusBuffersCachedKib());
            g.writeNumberField("shared_kib", m.shmemKib());
            g.writeNumberField("buffers_kib", m.buffersKib());
            g.writeNumberField("cached_kib", m.cachedKib());
            g.writeNumberField("sreclaimable_kib", m.sReclaimableKib());
            g.writeNumberField("available_kib", m.availableOrEstimateKib());
            g.writeBooleanField("available_estimated", m.availableKib() < 0);
            g.writeNumberField("swap_total_kib", m.swapTotalKib());
            g.writeNumberField("swap_used_kib", m.swapUsedKib());
            g.writeNumberField("swap_free_kib", m.swapFreeKib());
            g.writeNumberField("swap_cached_kib", m.swapCachedKib());
            g.writeEndObject();
            JsonOutput.finish(g, out);
            return Main.OK;
        }
        if (m.totalKib() < 0) {
            out.println("no memory figures at " + JsonOutput.iso(snap.timeMillis())
                    + ": that sample holds no free or top block (a ps-only capture)");
            return Main.OK;
        }
        String h = "%-18s %11s %11s %11s %11s %11s %11s %11s%n";
        out.printf(h, "", "total", "used", "free", "shared", "buffers", "cached", "available");
        out.printf(h, "Mem:", v(m.totalKib()), v(m.usedWithCacheKib()), v(m.freeKib()), v(m.shmemKib()),
                v(m.buffersKib()), v(m.cachedKib()), v(m.availableOrEstimateKib()));
        out.printf(h, "-/+ buffers/cache:", "", v(m.usedMinusBuffersCachedKib()),
                v(m.totalKib() - m.usedMinusBuffersCachedKib()), "", "", "", "");
        out.printf(h, "Swap:", v(m.swapTotalKib()), v(m.swapUsedKib()), v(m.swapFreeKib()), "", "", "", "");
        out.flush();
        return Main.OK;
    }

    private String v(long kib) {
        if (kib < 0) return "-";
        if (units == null || units.kib) return Long.toString(kib);
        if (units.mib) return Long.toString(kib / 1024);
        if (units.gib) return Long.toString(kib / (1024 * 1024));
        return Terminal.human(kib);
    }

}
