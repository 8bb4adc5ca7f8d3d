package sexton.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

import sexton.model.SystemMemory;

/**
 * The report's charts as PNG files (XChart), for tickets and e-mail: system memory, each charted
 * process's RSS and VSIZE, zombies, D state, forks per second, watched directories. Each file is written to a temporary
 * name and moved into place.
 */
public final class PngCharts {
    private PngCharts() {}

    /** Writes the charts into {@code dir}; returns the files written. */
    public static List<Path> write(Diagnosis d, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        var sys = d.system();
        int n = sys.size();
        int step = Math.max(1, n / 1200);
        List<Date> t = new ArrayList<>();
        List<Double> used = new ArrayList<>(), app = new ArrayList<>(), swap = new ArrayList<>(), avail = new ArrayList<>();
        List<Double> zombies = new ArrayList<>(), blocked = new ArrayList<>();
        for (int i = 0; i < n; i += step) {
            SystemMemory m = sys.memory().get(i);
            t.add(new Date(sys.times()[i]));
            used.add(m.usedWithCacheKib() / 1024.0);
            app.add(m.usedMinusBuffersCachedKib() / 1024.0);
            swap.add(Math.max(0, m.swapUsedKib()) / 1024.0);
            avail.add(m.availableOrEstimateKib() / 1024.0);
            zombies.add((double) sys.zombies()[i]);
            blocked.add((double) sys.blocked()[i]);
        }
        XYChart memory = chart("System memory: " + d.host(), "MiB");
        memory.addSeries("Memory Used", t, used);
        memory.addSeries("Used - Buffers - Cached", t, app);
        memory.addSeries("Swap Used", t, swap);
        memory.addSeries("MemAvailable", t, avail);
        out.add(save(memory, dir.resolve("system-memory.png")));
        for (Diagnosis.ProcessChart p : d.processes()) {
            XYChart c = chart((p.key() != null ? "pid " + p.key().pid() + " " : "") + cut(p.command()) + " (" + p.why() + ")", "MiB");
            List<Date> pt = new ArrayList<>();
            List<Double> rss = new ArrayList<>(), vsz = new ArrayList<>();
            for (int i = 0; i < p.times().length; i++) {
                if (p.rssKib()[i] < 0) continue; // a group with no member at that time
                pt.add(new Date(p.times()[i]));
                rss.add(Math.max(0, p.rssKib()[i]) / 1024.0);
                vsz.add(Math.max(0, p.vsizeKib()[i]) / 1024.0);
            }
            if (pt.isEmpty()) continue;
            c.addSeries("RSS", pt, rss);
            c.addSeries("VSIZE", pt, vsz);
            out.add(save(c, dir.resolve((p.key() != null ? "process-" + p.key().pid() + "-" + p.key().startTicks() : p.id().replace("chart-", ""))
                    + ".png")));
        }
        XYChart z = chart("Zombies", "zombies");
        z.addSeries("zombies", t, zombies);
        out.add(save(z, dir.resolve("zombies.png")));
        XYChart ds = chart("Processes in D state", "processes");
        ds.addSeries("in D state", t, blocked);
        out.add(save(ds, dir.resolve("d-state.png")));
        if (!d.dirs().isEmpty()) {
            XYChart dirs = chart("Watched directories", "MiB");
            for (var r : d.dirs().subList(0, Math.min(HtmlReport.DIR_SERIES, d.dirs().size()))) {
                int m = r.times().length, every = Math.max(1, m / 1200);
                List<Date> dt = new ArrayList<>();
                List<Double> mib = new ArrayList<>();
                for (int i = 0; i < m; i += every) {
                    dt.add(new Date(r.times()[i]));
                    mib.add(r.bytes()[i] / 1048576.0);
                }
                dirs.addSeries(cut(r.path()), dt, mib);
            }
            out.add(save(dirs, dir.resolve("dirs.png")));
        }
        return out;
    }

    private static XYChart chart(String title, String unit) {
        XYChart c = new XYChartBuilder().width(1000).height(420).title(title).xAxisTitle("time").yAxisTitle(unit).build();
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        c.getStyler().setMarkerSize(0);
        c.getStyler().setDatePattern("MM-dd HH:mm");
        return c;
    }

    private static String cut(String s) {
        return s.length() > 60 ? s.substring(0, 59) + "+" : s;
    }

    private static Path save(XYChart c, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        BitmapEncoder.saveBitmap(c, tmp.toString(), BitmapEncoder.BitmapFormat.PNG);
        Path written = tmp.resolveSibling(tmp.getFileName() + ".png"); // XChart appends the extension
        Files.move(Files.exists(written) ? written : tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }
}
