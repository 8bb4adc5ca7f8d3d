package sexton.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.sqlite.SQLiteConfig;

import sexton.model.CpuTimes;
import sexton.model.DirSample;
import sexton.model.HostInfo;
import sexton.model.KernelStats;
import sexton.model.LoadAverage;
import sexton.model.MemorySeries;
import sexton.model.SystemSeries;
import sexton.model.ProcState;
import sexton.model.ProcessInfo;
import sexton.model.ProcessKey;
import sexton.model.ProcessSample;
import sexton.model.ProcessStatus;
import sexton.model.Snapshot;
import sexton.model.SnapshotStats;
import sexton.model.SystemMemory;

/**
 * The history store: one SQLite file in WAL mode. A writer (the recorder) commits one transaction per
 * snapshot with {@code synchronous=FULL}, so a snapshot whose write returned survives kill -9 and power
 * loss, and readers in other processes never see half a snapshot. Samples of the open window are plain
 * rows; every {@code window} snapshots they are packed into per-process chunks, merged into the
 * process's last chunk while it holds at most {@code maxChunkSamples}, so chunk rows stay few and large.
 */
public final class Store implements AutoCloseable {
    public static final int DEFAULT_WINDOW = 30;
    public static final int DEFAULT_MAX_CHUNK = 720;
    /** btime moves by a second or so when the clock is stepped; a reboot moves it by far more. */
    private static final long SAME_BOOT_SECONDS = 60;
    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private static final String SAMPLE_COLUMNS =
            "state, ppid, pgrp, session, tty, utime, stime, threads, vsize, rss, uid, tracer, swap, anon, file, shmem";
    private static final String PROCESS_COLUMNS =
            "p.id, p.pid, p.start_ticks, p.boot_time, p.comm, p.command, p.unit, p.container, p.user";

    private final Path path;
    private final Connection conn;
    private final boolean readOnly;
    private final int window;
    private final int maxChunk;
    private final ChunkCodec codec = new ChunkCodec();
    private final Map<Long, HostState> hostStates = new HashMap<>();
    private PreparedStatement insertSnapshot;
    private PreparedStatement insertOpen;
    private PreparedStatement findProcess;
    private PreparedStatement insertProcess;
    private PreparedStatement updateProcess;
    private int openSnapshots;

    /** What the writer remembers per host: the boot it is in and the process rows of the last snapshot. */
    private static final class HostState {
        long bootTime = Long.MIN_VALUE;
        Map<ProcessKey, ProcessRow> processes = new HashMap<>();
    }

    private static final class ProcessRow {
        final long id;
        ProcessInfo info;
        String user;

        ProcessRow(long id, ProcessInfo info, String user) {
            this.id = id;
            this.info = info;
            this.user = user;
        }
    }

    private Store(Path path, Connection conn, boolean readOnly, int window, int maxChunk) {
        this.path = path;
        this.conn = conn;
        this.readOnly = readOnly;
        this.window = window;
        this.maxChunk = maxChunk;
    }

    /** {@code ~/.local/share/sexton/sexton.db}. */
    public static Path defaultPath() {
        return Path.of(System.getProperty("user.home"), ".local", "share", "sexton", "sexton.db");
    }

    public static Store open(Path file) {
        return open(file, DEFAULT_WINDOW, DEFAULT_MAX_CHUNK);
    }

    /** Opens for writing, creating the file and its directories when missing and migrating the schema. */
    public static Store open(Path file, int window, int maxChunkSamples) {
        if (window < 1 || maxChunkSamples < window) throw new IllegalArgumentException("window must be >= 1 and <= maxChunkSamples");
        Path abs = file.toAbsolutePath().normalize();
        boolean exists = inspect(abs, false);
        if (!exists) {
            try {
                Files.createDirectories(abs.getParent());
            } catch (IOException e) {
                throw new StoreException("cannot create the directory for " + abs + ": " + reason(e));
            }
            if (!Files.isWritable(abs.getParent())) throw new StoreException("cannot write in " + abs.getParent() + ": permission denied");
        } else if (!Files.isWritable(abs)) {
            throw new StoreException("cannot write " + abs + ": permission denied");
        }
        Connection c = connect(abs, false);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA auto_vacuum=INCREMENTAL"); // only takes effect on a new file: lets prune give pages back
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=FULL");
            s.execute("PRAGMA foreign_keys=OFF");
            // a recorder's commit touches a few pages: a 512 KiB page cache instead of 2 MiB keeps its footprint down
            s.execute("PRAGMA cache_size=-512");
            c.setAutoCommit(false);
            migrate(c, abs);
            Store store = new Store(abs, c, false, window, maxChunkSamples);
            store.openSnapshots = (int) store.queryLong("SELECT COUNT(DISTINCT t) FROM open_sample");
            store.prepareWriter();
            return store;
        } catch (SQLException e) {
            closeQuietly(c);
            throw new StoreException("cannot open " + abs + ": " + e.getMessage(), e);
        }
    }

    /** Opens for reading only; never creates or changes the file. */
    public static Store openReadOnly(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        if (!inspect(abs, true)) throw new StoreException("no store at " + abs + " (run 'sexton record' first)");
        Connection c = connect(abs, true);
        try {
            c.setAutoCommit(false);
            return new Store(abs, c, true, DEFAULT_WINDOW, DEFAULT_MAX_CHUNK);
        } catch (SQLException e) {
            closeQuietly(c);
            throw new StoreException("cannot open " + abs + ": " + e.getMessage(), e);
        }
    }

    /**
     * Decides, without writing anything, whether the file may be opened: true when it is a sexton store
     * (or an empty file to initialise), false when it does not exist; otherwise a clear StoreException.
     */
    private static boolean inspect(Path file, boolean readOnly) {
        if (Files.isDirectory(file)) throw new StoreException(file + " is a directory, not a store file");
        if (!Files.exists(file)) return false;
        if (!Files.isReadable(file)) throw new StoreException("cannot read " + file + ": permission denied");
        byte[] header = new byte[100];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(header, 0, header.length);
        } catch (IOException e) {
            throw new StoreException("cannot read " + file + ": " + reason(e));
        }
        if (n == 0) {
            if (readOnly) throw new StoreException(file + " is empty: not a sexton store");
            return true;
        }
        if (n < 100 || !Arrays.equals(Arrays.copyOf(header, SQLITE_MAGIC.length), SQLITE_MAGIC)) {
            throw new StoreException(file + " is not a sexton store (not an SQLite database)");
        }
        int appId = ByteBuffer.wrap(header, 68, 4).getInt();
        int version = ByteBuffer.wrap(header, 60, 4).getInt();
        if (appId != Schema.APPLICATION_ID && appId != 0) {
            throw new StoreException(file + " is not a sexton store (an SQLite database of another program)");
        }
        if (appId == 0 || version == 0) {
            // the header may lag behind the WAL: ask SQLite, read-only
            Connection c = connect(file, true);
            try (Statement s = c.createStatement()) {
                appId = (int) longOf(s, "PRAGMA application_id");
                version = (int) longOf(s, "PRAGMA user_version");
                long tables = longOf(s, "SELECT COUNT(*) FROM sqlite_master");
                if (appId != Schema.APPLICATION_ID && (appId != 0 || tables > 0)) {
                    throw new StoreException(file + " is not a sexton store (an SQLite database of another program)");
                }
            } catch (SQLException e) {
                throw new StoreException(file + " is not a sexton store (" + e.getMessage() + ")");
            } finally {
                closeQuietly(c);
            }
        }
        if (version > Schema.current()) {
            throw new StoreException(file + " was written by a newer sexton (schema " + version + ", this one knows "
                    + Schema.current() + ")");
        }
        return true;
    }

    private static Connection connect(Path file, boolean readOnly) {
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setReadOnly(readOnly);
        cfg.setBusyTimeout(5000);
        try {
            return cfg.createConnection("jdbc:sqlite:" + file);
        } catch (SQLException e) {
            throw new StoreException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    private static void migrate(Connection c, Path file) throws SQLException {
        try (Statement s = c.createStatement()) {
            int version = (int) longOf(s, "PRAGMA user_version");
            if (version > Schema.current()) {
                throw new StoreException(file + " was written by a newer sexton (schema " + version + ", this one knows "
                        + Schema.current() + ")");
            }
            if (version == Schema.current()) {
                c.commit();
                return;
            }
            for (int v = version; v < Schema.current(); v++) {
                for (String sql : Schema.MIGRATIONS.get(v).split(";")) {
                    if (!sql.isBlank()) s.execute(sql);
                }
            }
            s.execute("PRAGMA application_id=" + Schema.APPLICATION_ID);
            s.execute("PRAGMA user_version=" + Schema.current());
            c.commit();
            c.setAutoCommit(true);
            // put the header (application_id, user_version) into the main file, where inspect reads it
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            c.setAutoCommit(false);
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        }
    }

    private void prepareWriter() throws SQLException {
        insertSnapshot = conn.prepareStatement("INSERT INTO snapshot VALUES (" + "?,".repeat(37) + "?)");
        insertOpen = conn.prepareStatement("INSERT INTO open_sample(t, proc_id, " + SAMPLE_COLUMNS
                + ", wchan) VALUES (" + "?,".repeat(18) + "?)");
        findProcess = conn.prepareStatement("SELECT id, comm, command, unit, container, user FROM process "
                + "WHERE host_id=? AND boot_time=? AND pid=? AND start_ticks=?");
        insertProcess = conn.prepareStatement("INSERT INTO process(host_id, boot_time, pid, start_ticks, comm, command, "
                + "unit, container, user, first_t, last_t) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
        updateProcess = conn.prepareStatement("UPDATE process SET comm=?, command=?, unit=?, container=?, user=? WHERE id=?");
    }

    public Path path() { return path; }

    // ---------------------------------------------------------------- hosts

    /** Adds the host or updates its constants; returns its id. */
    public long host(HostInfo host) {
        requireWriter();
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO host(name, clock_ticks, page_size) VALUES (?,?,?) "
                + "ON CONFLICT(name) DO UPDATE SET clock_ticks=excluded.clock_ticks, page_size=excluded.page_size")) {
            ps.setString(1, host.name());
            ps.setInt(2, host.clockTicks());
            ps.setInt(3, host.pageSize());
            ps.executeUpdate();
            long id = host(host.name()).orElseThrow().id();
            conn.commit();
            return id;
        } catch (SQLException e) {
            throw failure("write", e);
        }
    }

    public Optional<HostRow> host(String name) {
        return hosts().stream().filter(h -> h.name().equals(name)).findFirst();
    }

    public List<HostRow> hosts() {
        return read(() -> {
            List<HostRow> out = new ArrayList<>();
            try (Statement s = conn.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id, name, clock_ticks, page_size FROM host ORDER BY name")) {
                while (rs.next()) out.add(new HostRow(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getInt(4)));
            }
            return out;
        });
    }

    // ---------------------------------------------------------------- writing

    /** Writes one snapshot in one transaction; every {@code window} snapshots packs the open window. */
    public void write(long hostId, Snapshot snap) {
        requireWriter();
        try {
            HostState hs = hostStates.computeIfAbsent(hostId, k -> new HostState());
            long boot = bootOf(hostId, hs, snap.kernel().bootTimeSec());
            long t = snap.timeMillis();
            bindSnapshot(insertSnapshot, hostId, boot, snap);
            insertSnapshot.executeUpdate();
            Map<ProcessKey, ProcessRow> seen = new HashMap<>(hs.processes.size() * 2 + 16);
            for (ProcessSample p : snap.processes()) {
                ProcessRow row = processRow(hostId, boot, hs, p, t);
                seen.put(p.key(), row);
                bindOpen(insertOpen, t, row.id, p);
                insertOpen.addBatch();
            }
            insertOpen.executeBatch();
            conn.commit();
            hs.processes = seen;
            if (++openSnapshots >= window) flush();
        } catch (SQLException e) {
            rollbackQuietly();
            hostStates.remove(hostId); // the cache may name rows that were rolled back
            throw failure("write", e);
        }
    }

    private long bootOf(long hostId, HostState hs, long btime) throws SQLException {
        if (hs.bootTime == Long.MIN_VALUE) {
            try (PreparedStatement ps = conn.prepareStatement("SELECT boot_time FROM snapshot WHERE host_id=? ORDER BY t DESC LIMIT 1")) {
                ps.setLong(1, hostId);
                try (ResultSet rs = ps.executeQuery()) {
                    hs.bootTime = rs.next() && Math.abs(rs.getLong(1) - btime) <= SAME_BOOT_SECONDS ? rs.getLong(1) : btime;
                }
            }
        } else if (Math.abs(hs.bootTime - btime) > SAME_BOOT_SECONDS) {
            hs.bootTime = btime; // rebooted: (pid, start ticks) start over
            hs.processes = new HashMap<>();
        }
        return hs.bootTime;
    }

    private ProcessRow processRow(long hostId, long boot, HostState hs, ProcessSample p, long t) throws SQLException {
        ProcessRow row = hs.processes.get(p.key());
        if (row == null) {
            findProcess.setLong(1, hostId);
            findProcess.setLong(2, boot);
            findProcess.setInt(3, p.pid());
            findProcess.setLong(4, p.key().startTicks());
            try (ResultSet rs = findProcess.executeQuery()) {
                if (rs.next()) {
                    row = new ProcessRow(rs.getLong(1), new ProcessInfo(rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5)), rs.getString(6));
                }
            }
            if (row == null) {
                insertProcess.setLong(1, hostId);
                insertProcess.setLong(2, boot);
                insertProcess.setInt(3, p.pid());
                insertProcess.setLong(4, p.key().startTicks());
                insertProcess.setString(5, p.info().comm());
                insertProcess.setString(6, p.info().command());
                insertProcess.setString(7, p.info().unit());
                insertProcess.setString(8, p.info().container());
                insertProcess.setString(9, p.user());
                insertProcess.setLong(10, t);
                insertProcess.setLong(11, t);
                insertProcess.executeUpdate();
                long id;
                try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT last_insert_rowid()")) {
                    rs.next();
                    id = rs.getLong(1);
                }
                return new ProcessRow(id, p.info(), p.user());
            }
        }
        if (row.info != p.info() && !row.info.equals(p.info()) || !java.util.Objects.equals(row.user, p.user())) {
            updateProcess.setString(1, p.info().comm());
            updateProcess.setString(2, p.info().command());
            updateProcess.setString(3, p.info().unit());
            updateProcess.setString(4, p.info().container());
            updateProcess.setString(5, p.user());
            updateProcess.setLong(6, row.id);
            updateProcess.executeUpdate();
        }
        row.info = p.info(); // same value: keep the sampler's instance so the next check is a reference compare
        row.user = p.user();
        return row;
    }

    /** Binds every column of a snapshot row, in table order. */
    static void bindSnapshot(PreparedStatement ps, long hostId, long boot, Snapshot s) throws SQLException {
        SystemMemory m = s.memory();
        CpuTimes c = s.kernel().cpu();
        LoadAverage l = s.load();
        int i = 1;
        ps.setLong(i++, hostId);
        ps.setLong(i++, s.timeMillis());
        ps.setLong(i++, boot);
        for (long v : new long[] {m.totalKib(), m.freeKib(), m.availableKib(), m.buffersKib(), m.cachedKib(),
                m.sReclaimableKib(), m.shmemKib(), m.swapTotalKib(), m.swapFreeKib(), m.swapCachedKib(),
                c.user(), c.nice(), c.system(), c.idle(), c.iowait(), c.irq(), c.softirq(), c.steal(),
                s.kernel().forks(), s.kernel().procsRunning(), s.kernel().procsBlocked()}) {
            ps.setLong(i++, v);
        }
        ps.setDouble(i++, l.load1());
        ps.setDouble(i++, l.load5());
        ps.setDouble(i++, l.load15());
        ps.setInt(i++, l.runnable());
        ps.setInt(i++, l.entities());
        ps.setInt(i++, l.lastPid());
        ps.setInt(i++, s.pidMax());
        ps.setInt(i++, s.threadsMax());
        ps.setInt(i++, s.processes().size());
        ps.setLong(i++, s.zombieCount());
        ps.setInt(i++, s.stats().vanished());
        ps.setInt(i++, s.stats().denied());
        ps.setLong(i++, s.stats().cpuNanos());
        ps.setLong(i, s.stats().wallNanos());
    }

    private static void bindOpen(PreparedStatement ps, long t, long procId, ProcessSample p) throws SQLException {
        ProcessStatus st = p.status() == null ? ProcessStatus.UNKNOWN : p.status();
        ps.setLong(1, t);
        ps.setLong(2, procId);
        ps.setInt(3, p.state().code());
        ps.setInt(4, p.ppid());
        ps.setInt(5, p.pgrp());
        ps.setInt(6, p.session());
        ps.setInt(7, p.ttyNr());
        ps.setLong(8, p.utimeTicks());
        ps.setLong(9, p.stimeTicks());
        ps.setInt(10, p.numThreads());
        ps.setLong(11, p.vsizeKib());
        ps.setLong(12, p.rssKib());
        ps.setInt(13, st.uid());
        ps.setInt(14, st.tracerPid());
        ps.setLong(15, st.vmSwapKib());
        ps.setLong(16, st.rssAnonKib());
        ps.setLong(17, st.rssFileKib());
        ps.setLong(18, st.rssShmemKib());
        ps.setString(19, p.wchan());
    }

    /**
     * Packs every open row into chunks, in one transaction. Streams process by process (rows come
     * ordered by process), so the recorder's heap holds one block at a time, not the whole window.
     */
    public void flush() {
        requireWriter();
        try (Statement s = conn.createStatement();
             PreparedStatement last = conn.prepareStatement("SELECT t0, t1, n, data FROM chunk WHERE proc_id=? ORDER BY t0 DESC LIMIT 1");
             PreparedStatement update = conn.prepareStatement("UPDATE chunk SET t1=?, n=?, data=? WHERE proc_id=? AND t0=?");
             PreparedStatement insert = conn.prepareStatement("INSERT INTO chunk(proc_id, t0, t1, n, data) VALUES (?,?,?,?,?)");
             PreparedStatement lastT = conn.prepareStatement("UPDATE process SET last_t=max(last_t, ?) WHERE id=?")) {
            PreparedStatement[] chunkStatements = {last, update, insert, lastT};
            SampleBlock block = new SampleBlock(window);
            long current = Long.MIN_VALUE;
            try (ResultSet rs = s.executeQuery("SELECT proc_id, t, " + SAMPLE_COLUMNS + ", wchan FROM open_sample ORDER BY proc_id, t")) {
                long[] row = new long[SampleBlock.COLUMNS];
                while (rs.next()) {
                    long id = rs.getLong(1);
                    if (id != current) {
                        if (block.n > 0) packInto(current, block, chunkStatements);
                        block.n = 0;
                        current = id;
                    }
                    row[SampleBlock.T] = rs.getLong(2);
                    for (int c = 1; c < SampleBlock.OPEN_COLUMNS; c++) row[c] = rs.getLong(2 + c);
                    block.addOpen(row, rs.getString(19));
                }
            }
            if (block.n > 0) packInto(current, block, chunkStatements);
            s.executeUpdate("DELETE FROM open_sample");
            conn.commit();
            openSnapshots = 0;
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("write", e);
        }
    }

    /** Appends a block to the process's last chunk while it stays small enough, else starts a chunk. */
    private void packInto(long id, SampleBlock block, PreparedStatement[] st) throws SQLException {
        PreparedStatement last = st[0], update = st[1], insert = st[2], lastT = st[3];
        boolean merged = false;
        last.setLong(1, id);
        try (ResultSet rs = last.executeQuery()) {
            if (rs.next() && rs.getInt(3) + block.n <= maxChunk && rs.getLong(2) < block.firstTime()) {
                long t0 = rs.getLong(1);
                SampleBlock whole = codec.decode(rs.getBytes(4));
                whole.append(block);
                update.setLong(1, whole.lastTime());
                update.setInt(2, whole.n);
                update.setBytes(3, codec.encode(whole));
                update.setLong(4, id);
                update.setLong(5, t0);
                update.executeUpdate();
                merged = true;
            }
        }
        if (!merged) {
            insert.setLong(1, id);
            insert.setLong(2, block.firstTime());
            insert.setLong(3, block.lastTime());
            insert.setInt(4, block.n);
            insert.setBytes(5, codec.encode(block));
            insert.executeUpdate();
        }
        lastT.setLong(1, block.lastTime());
        lastT.setLong(2, id);
        lastT.executeUpdate();
    }

    /** Deletes history older than the cutoff (whole chunks ending before it); returns rows deleted. */
    public int prune(long cutoffMillis) {
        requireWriter();
        try {
            int n = 0;
            for (String sql : new String[] {"DELETE FROM chunk WHERE t1 < ?", "DELETE FROM open_sample WHERE t < ?",
                    "DELETE FROM snapshot WHERE t < ?", "DELETE FROM dir_sample WHERE t < ?",
                    "DELETE FROM process WHERE last_t < ? AND id NOT IN (SELECT proc_id FROM chunk) "
                            + "AND id NOT IN (SELECT proc_id FROM open_sample)"}) {
                try (PreparedStatement ps = conn.prepareStatement(sql)) {
                    ps.setLong(1, cutoffMillis);
                    n += ps.executeUpdate();
                }
            }
            conn.commit();
            if (n > 0) {
                try (Statement s = conn.createStatement()) {
                    s.execute("PRAGMA incremental_vacuum");
                }
                conn.commit();
            }
            hostStates.clear(); // deleted process rows must not be reused from the cache
            return n;
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("write", e);
        }
    }

    /** Moves the WAL into the main file and truncates it (sizes are then comparable). */
    public void checkpoint() {
        if (readOnly) return;
        try {
            conn.commit();
            conn.setAutoCommit(true);
            try (Statement s = conn.createStatement()) {
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
            conn.setAutoCommit(false);
        } catch (SQLException e) {
            throw failure("write", e);
        }
    }

    /** The file, its WAL and its shared-memory index, as they are on disk. */
    public long sizeBytes() {
        long total = 0;
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            try {
                total += Files.size(Path.of(path + suffix));
            } catch (IOException ignored) {
                // not there
            }
        }
        return total;
    }

    // ---------------------------------------------------------------- reading

    public long snapshotCount(long hostId) {
        return read(() -> queryLong("SELECT COUNT(*) FROM snapshot WHERE host_id=" + hostId));
    }

    public OptionalLong firstTime(long hostId) {
        return read(() -> optionalLong("SELECT MIN(t) FROM snapshot WHERE host_id=" + hostId));
    }

    public OptionalLong lastTime(long hostId) {
        return read(() -> optionalLong("SELECT MAX(t) FROM snapshot WHERE host_id=" + hostId));
    }

    /** The latest snapshot at or before the time, with every process in it (by pid); %CPU over the interval before it. */
    public Optional<Snapshot> snapshotAt(long hostId, long timeMillis) {
        return read(() -> {
            HostRow host = hostById(hostId);
            Snapshot head;
            long bootTime;
            try (PreparedStatement ps = conn.prepareStatement("SELECT * FROM snapshot WHERE host_id=? AND t<=? ORDER BY t DESC LIMIT 1")) {
                ps.setLong(1, hostId);
                ps.setLong(2, timeMillis);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return Optional.empty();
                    head = snapshotOf(rs);
                    bootTime = rs.getLong("boot_time");
                }
            }
            long t = head.timeMillis();
            OptionalLong prevT = optionalLong("SELECT MAX(t) FROM snapshot WHERE host_id=" + hostId + " AND t<" + t);
            Map<Long, Sampled> now = samplesAt(hostId, t);
            Map<Long, Sampled> before = prevT.isPresent() ? samplesAt(hostId, prevT.getAsLong()) : Map.of();
            List<ProcessSample> out = new ArrayList<>(now.size());
            for (Map.Entry<Long, Sampled> e : now.entrySet()) {
                Sampled s = e.getValue();
                Sampled p = before.get(e.getKey());
                out.add(s.toSample(host, head.memory().totalKib(), t,
                        p == null ? Long.MIN_VALUE : prevT.getAsLong(), p == null ? 0 : p.ticks()));
            }
            out.sort(Comparator.comparingInt(ProcessSample::pid).thenComparingLong(x -> x.key().startTicks()));
            return Optional.of(new Snapshot(t, head.memory(), head.kernel(), head.load(), head.pidMax(), head.threadsMax(),
                    out, head.stats()));
        });
    }

    /** Every process identity with samples in [from, to], each with its samples in time order. */
    public List<ProcessSeries> series(long hostId, long fromMillis, long toMillis) {
        return read(() -> {
            HostRow host = hostById(hostId);
            Map<Long, Long> memTotal = new HashMap<>();
            try (PreparedStatement ps = conn.prepareStatement("SELECT t, mem_total FROM snapshot WHERE host_id=? AND t BETWEEN ? AND ?")) {
                ps.setLong(1, hostId);
                ps.setLong(2, fromMillis);
                ps.setLong(3, toMillis);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) memTotal.put(rs.getLong(1), rs.getLong(2));
                }
            }
            Map<Long, SampleBlock> blocks = new LinkedHashMap<>();
            Map<Long, Identity> identities = new HashMap<>();
            try (PreparedStatement ps = conn.prepareStatement("SELECT " + PROCESS_COLUMNS + ", c.data FROM chunk c "
                    + "JOIN process p ON p.id=c.proc_id WHERE p.host_id=? AND c.t1>=? AND c.t0<=? ORDER BY c.proc_id, c.t0")) {
                ps.setLong(1, hostId);
                ps.setLong(2, fromMillis);
                ps.setLong(3, toMillis);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Identity id = identities.computeIfAbsent(rs.getLong(1), k -> Identity.of(rs));
                        SampleBlock decoded = codec.decode(rs.getBytes(10));
                        SampleBlock into = blocks.computeIfAbsent(id.id, k -> new SampleBlock(decoded.n));
                        for (int i = 0; i < decoded.n; i++) {
                            long t = decoded.get(SampleBlock.T, i);
                            if (t >= fromMillis && t <= toMillis) into.add(row(decoded, i), decoded.wchan[i]);
                        }
                    }
                }
            }
            openBlocks(hostId, fromMillis, toMillis, identities, blocks);
            List<ProcessSeries> out = new ArrayList<>(blocks.size());
            for (Map.Entry<Long, SampleBlock> e : blocks.entrySet()) {
                SampleBlock b = e.getValue();
                if (b.n == 0) continue;
                Identity id = identities.get(e.getKey());
                long[] times = Arrays.copyOf(b.cols[SampleBlock.T], b.n);
                List<ProcessSample> samples = new ArrayList<>(b.n);
                for (int i = 0; i < b.n; i++) {
                    Sampled s = new Sampled(id, row(b, i), b.wchan[i]);
                    long prevT = i == 0 ? Long.MIN_VALUE : times[i - 1];
                    long prevTicks = i == 0 ? 0 : b.get(SampleBlock.UTIME, i - 1) + b.get(SampleBlock.STIME, i - 1);
                    samples.add(s.toSample(host, memTotal.getOrDefault(times[i], 0L), times[i], prevT, prevTicks));
                }
                out.add(new ProcessSeries(new ProcessKey(id.pid, id.startTicks), id.bootTime, id.info, id.user, times,
                        List.copyOf(samples)));
            }
            out.sort(Comparator.comparing(ProcessSeries::key).thenComparingLong(ProcessSeries::bootTime));
            return out;
        });
    }

    /**
     * Memory of every process identity with samples in [from, to], one {@link MemorySeries} at a time
     * (streamed: only one process's samples are held), in process row order. For analyses over days
     * of history, where {@link #series} would build a model object per sample.
     */
    public void memorySeries(long hostId, long fromMillis, long toMillis, java.util.function.Consumer<MemorySeries> out) {
        read(() -> {
            // the open window is small (at most a window of snapshots): load it, then stream the chunks
            Map<Long, SampleBlock> open = new HashMap<>();
            Map<Long, Identity> identities = new HashMap<>();
            openBlocks(hostId, fromMillis, toMillis, identities, open);
            MemoryAccumulator acc = new MemoryAccumulator();
            try (PreparedStatement ps = conn.prepareStatement("SELECT " + PROCESS_COLUMNS + ", c.data FROM chunk c "
                    + "JOIN process p ON p.id=c.proc_id WHERE p.host_id=? AND c.t1>=? AND c.t0<=? ORDER BY c.proc_id, c.t0")) {
                ps.setLong(1, hostId);
                ps.setLong(2, fromMillis);
                ps.setLong(3, toMillis);
                try (ResultSet rs = ps.executeQuery()) {
                    Identity current = null;
                    while (rs.next()) {
                        long procId = rs.getLong(1);
                        if (current == null || current.id != procId) {
                            if (current != null) emit(current, acc, open.remove(current.id), fromMillis, toMillis, out);
                            current = Identity.of(rs);
                            acc.n = 0;
                        }
                        acc.add(codec.decode(rs.getBytes(10)), fromMillis, toMillis);
                    }
                    if (current != null) emit(current, acc, open.remove(current.id), fromMillis, toMillis, out);
                }
            }
            for (Map.Entry<Long, SampleBlock> e : open.entrySet()) { // processes seen only in the open window
                acc.n = 0;
                emit(identities.get(e.getKey()), acc, e.getValue(), fromMillis, toMillis, out);
            }
            return null;
        });
    }

    /** The open window's rows of the host in [from, to], appended per process row id to {@code into}. */
    private void openBlocks(long hostId, long fromMillis, long toMillis, Map<Long, Identity> identities, Map<Long, SampleBlock> into)
            throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT " + PROCESS_COLUMNS + ", o.t, " + prefixed("o.")
                + ", o.wchan FROM open_sample o JOIN process p ON p.id=o.proc_id WHERE p.host_id=? AND o.t BETWEEN ? AND ? "
                + "ORDER BY o.proc_id, o.t")) {
            ps.setLong(1, hostId);
            ps.setLong(2, fromMillis);
            ps.setLong(3, toMillis);
            try (ResultSet rs = ps.executeQuery()) {
                long[] row = new long[SampleBlock.COLUMNS];
                while (rs.next()) {
                    Identity id = identities.computeIfAbsent(rs.getLong(1), k -> Identity.of(rs));
                    for (int c = 0; c < SampleBlock.OPEN_COLUMNS; c++) row[c] = rs.getLong(10 + c);
                    into.computeIfAbsent(id.id, k -> new SampleBlock(window)).addOpen(row, rs.getString(27));
                }
            }
        }
    }

    private static void emit(Identity id, MemoryAccumulator acc, SampleBlock open, long from, long to,
                             java.util.function.Consumer<MemorySeries> out) {
        if (open != null) acc.add(open, from, to);
        if (acc.n == 0) return;
        out.accept(new MemorySeries(new ProcessKey(id.pid, id.startTicks), id.info, id.user, Arrays.copyOf(acc.t, acc.n),
                Arrays.copyOf(acc.rss, acc.n), Arrays.copyOf(acc.vsize, acc.n), Arrays.copyOf(acc.swap, acc.n),
                Arrays.copyOf(acc.state, acc.n), Arrays.copyOf(acc.ppid, acc.n)));
    }

    /** Growable columns for one process's memory while its chunks are read. */
    private static final class MemoryAccumulator {
        long[] t = new long[1024], rss = new long[1024], vsize = new long[1024], swap = new long[1024];
        byte[] state = new byte[1024];
        int[] ppid = new int[1024];
        int n;

        void add(SampleBlock b, long from, long to) {
            if (n + b.n > t.length) {
                int cap = Math.max(t.length * 2, n + b.n);
                t = Arrays.copyOf(t, cap);
                rss = Arrays.copyOf(rss, cap);
                vsize = Arrays.copyOf(vsize, cap);
                swap = Arrays.copyOf(swap, cap);
                state = Arrays.copyOf(state, cap);
                ppid = Arrays.copyOf(ppid, cap);
            }
            for (int i = 0; i < b.n; i++) {
                long time = b.cols[SampleBlock.T][i];
                if (time < from || time > to) continue;
                t[n] = time;
                rss[n] = b.cols[SampleBlock.RSS][i];
                vsize[n] = b.cols[SampleBlock.VSIZE][i];
                swap[n] = b.cols[SampleBlock.SWAP][i];
                state[n] = (byte) b.cols[SampleBlock.STATE][i];
                ppid[n] = (int) b.cols[SampleBlock.PPID][i];
                n++;
            }
        }
    }

    /**
     * Command lines (or, with {@code byUnit}, units and containers) that two process identities or
     * more had in [from, to]: the groups worth summing.
     */
    public java.util.Set<String> sharedBy(long hostId, long fromMillis, long toMillis, boolean byUnit) {
        return read(() -> {
            String col = byUnit ? "COALESCE(container, unit)" : "command";
            java.util.Set<String> out = new java.util.HashSet<>();
            try (PreparedStatement ps = conn.prepareStatement("SELECT " + col + ", COUNT(*) FROM process WHERE host_id=? "
                    + "AND first_t<=? AND (last_t>=? OR id IN (SELECT proc_id FROM open_sample)) AND " + col + " IS NOT NULL "
                    + "GROUP BY " + col + " HAVING COUNT(*)>=2")) {
                ps.setLong(1, hostId);
                ps.setLong(2, toMillis);
                ps.setLong(3, fromMillis);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    /** System memory of every snapshot in [from, to], in time order. */
    public SystemSeries systemSeries(long hostId, long fromMillis, long toMillis) {
        return read(() -> {
            List<Long> times = new ArrayList<>();
            List<SystemMemory> mem = new ArrayList<>();
            List<long[]> counts = new ArrayList<>();
            try (PreparedStatement ps = conn.prepareStatement("SELECT * FROM snapshot WHERE host_id=? AND t BETWEEN ? AND ? ORDER BY t")) {
                ps.setLong(1, hostId);
                ps.setLong(2, fromMillis);
                ps.setLong(3, toMillis);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Snapshot s = snapshotOf(rs);
                        times.add(s.timeMillis());
                        mem.add(s.memory());
                        counts.add(new long[] {rs.getLong("forks"), rs.getLong("nzombies"), rs.getLong("procs_blocked")});
                    }
                }
            }
            int n = times.size();
            long[] t = new long[n], forks = new long[n];
            int[] zombies = new int[n], blocked = new int[n];
            for (int i = 0; i < n; i++) {
                t[i] = times.get(i);
                forks[i] = counts.get(i)[0];
                zombies[i] = (int) counts.get(i)[1];
                blocked[i] = (int) counts.get(i)[2];
            }
            return new SystemSeries(t, mem, forks, zombies, blocked);
        });
    }

    /** Samples of one snapshot time, from the open rows and the chunks covering it, by process row id. */
    private Map<Long, Sampled> samplesAt(long hostId, long t) throws SQLException {
        Map<Long, Sampled> out = new HashMap<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT " + PROCESS_COLUMNS + ", o.t, " + prefixed("o.")
                + ", o.wchan FROM open_sample o JOIN process p ON p.id=o.proc_id WHERE o.t=? AND p.host_id=?")) {
            ps.setLong(1, t);
            ps.setLong(2, hostId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long[] row = new long[SampleBlock.COLUMNS];
                    for (int c = 0; c < SampleBlock.OPEN_COLUMNS; c++) row[c] = rs.getLong(10 + c);
                    row[SampleBlock.PCPU] = row[SampleBlock.PMEM] = -1;
                    out.put(rs.getLong(1), new Sampled(Identity.of(rs), row, rs.getString(27)));
                }
            }
        }
        try (PreparedStatement ps = conn.prepareStatement("SELECT " + PROCESS_COLUMNS + ", c.data FROM chunk c "
                + "JOIN process p ON p.id=c.proc_id WHERE c.t1>=? AND c.t0<=? AND p.host_id=?")) {
            ps.setLong(1, t);
            ps.setLong(2, t);
            ps.setLong(3, hostId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    SampleBlock b = codec.decode(rs.getBytes(10));
                    int i = b.indexOf(t);
                    if (i >= 0) out.put(rs.getLong(1), new Sampled(Identity.of(rs), row(b, i), b.wchan[i]));
                }
            }
        }
        return out;
    }

    private static String prefixed(String alias) {
        StringBuilder b = new StringBuilder();
        for (String c : SAMPLE_COLUMNS.split(", ")) b.append(b.length() == 0 ? "" : ", ").append(alias).append(c);
        return b.toString();
    }

    private static long[] row(SampleBlock b, int i) {
        long[] row = new long[SampleBlock.COLUMNS];
        for (int c = 0; c < SampleBlock.COLUMNS; c++) row[c] = b.cols[c][i];
        return row;
    }

    /** A process row as read with {@link #PROCESS_COLUMNS}. */
    private record Identity(long id, int pid, long startTicks, long bootTime, ProcessInfo info, String user) {
        static Identity of(ResultSet rs) {
            try {
                return new Identity(rs.getLong(1), rs.getInt(2), rs.getLong(3), rs.getLong(4),
                        new ProcessInfo(rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)), rs.getString(9));
            } catch (SQLException e) {
                throw new StoreException("cannot read a process row: " + e.getMessage(), e);
            }
        }
    }

    /** One stored sample with its process, turned into a model sample once the neighbours are known. */
    private record Sampled(Identity id, long[] row, String wchan) {
        long ticks() { return row[SampleBlock.UTIME] + row[SampleBlock.STIME]; }

        ProcessSample toSample(HostRow host, long memTotalKib, long t, long prevT, long prevTicks) {
            int hz = host.clockTicks() > 0 ? host.clockTicks() : 100;
            double cpu;
            if (row[SampleBlock.PCPU] >= 0) {
                cpu = row[SampleBlock.PCPU] / 100.0; // as the capture printed it
            } else if (prevT != Long.MIN_VALUE && t > prevT) {
                cpu = 100.0 * Math.max(0, ticks() - prevTicks) / hz / ((t - prevT) / 1000.0);
            } else {
                double age = t / 1000.0 - (id.bootTime + (double) id.startTicks / hz);
                cpu = age > 0 ? 100.0 * ticks() / hz / age : 0;
            }
            long rss = row[SampleBlock.RSS]; // -1 when a capture had no RSS column
            double mem = row[SampleBlock.PMEM] >= 0 ? row[SampleBlock.PMEM] / 100.0
                    : memTotalKib > 0 && rss > 0 ? 100.0 * rss / memTotalKib : 0;
            ProcessStatus status = new ProcessStatus((int) row[SampleBlock.UID], (int) row[SampleBlock.TRACER],
                    row[SampleBlock.SWAP], row[SampleBlock.ANON], row[SampleBlock.FILE], row[SampleBlock.SHMEM]);
            return new ProcessSample(new ProcessKey(id.pid, id.startTicks), (int) row[SampleBlock.PPID],
                    (int) row[SampleBlock.PGRP], (int) row[SampleBlock.SESSION], (int) row[SampleBlock.TTY],
                    ProcState.of((int) row[SampleBlock.STATE]), row[SampleBlock.UTIME], row[SampleBlock.STIME],
                    (int) row[SampleBlock.THREADS], row[SampleBlock.VSIZE], rss, wchan, cpu, mem, id.user, id.info, status);
        }
    }

    private static Snapshot snapshotOf(ResultSet rs) throws SQLException {
        SystemMemory m = new SystemMemory(rs.getLong("mem_total"), rs.getLong("mem_free"), rs.getLong("mem_available"),
                rs.getLong("buffers"), rs.getLong("cached"), rs.getLong("sreclaimable"), rs.getLong("shmem"),
                rs.getLong("swap_total"), rs.getLong("swap_free"), rs.getLong("swap_cached"));
        CpuTimes c = new CpuTimes(rs.getLong("cpu_user"), rs.getLong("cpu_nice"), rs.getLong("cpu_system"),
                rs.getLong("cpu_idle"), rs.getLong("cpu_iowait"), rs.getLong("cpu_irq"), rs.getLong("cpu_softirq"),
                rs.getLong("cpu_steal"));
        KernelStats k = new KernelStats(c, rs.getLong("boot_time"), rs.getLong("forks"), rs.getInt("procs_running"),
                rs.getInt("procs_blocked"));
        LoadAverage l = new LoadAverage(rs.getDouble("load1"), rs.getDouble("load5"), rs.getDouble("load15"),
                rs.getInt("load_runnable"), rs.getInt("load_entities"), rs.getInt("last_pid"));
        SnapshotStats st = new SnapshotStats(rs.getInt("vanished"), rs.getInt("denied"), rs.getLong("cost_cpu_ns"),
                rs.getLong("cost_wall_ns"));
        return new Snapshot(rs.getLong("t"), m, k, l, rs.getInt("pid_max"), rs.getInt("threads_max"), List.of(), st);
    }

    private HostRow hostById(long hostId) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT id, name, clock_ticks, page_size FROM host WHERE id=?")) {
            ps.setLong(1, hostId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new StoreException("no host with id " + hostId + " in " + path);
                return new HostRow(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getInt(4));
            }
        }
    }

    // ---------------------------------------------------------------- captures

    /** The import of this content for this host, if it was imported before. */
    public Optional<CaptureRecord> capture(String hostName, String sha256) {
        return read(() -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT c.source, c.imported_t, c.samples, c.first_t, c.last_t "
                    + "FROM capture c JOIN host h ON h.id=c.host_id WHERE h.name=? AND c.sha256=?")) {
                ps.setString(1, hostName);
                ps.setString(2, sha256);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return Optional.empty();
                    return Optional.of(new CaptureRecord(hostName, sha256, rs.getString(1), rs.getLong(2), rs.getInt(3),
                            rs.getLong(4), rs.getLong(5)));
                }
            }
        });
    }

    /**
     * Starts importing a capture as host {@code host}: everything written through the returned writer
     * lands in one transaction at {@link CaptureWriter#commit}, or not at all.
     */
    public CaptureWriter importCapture(HostInfo host) {
        requireWriter();
        try {
            if (openSnapshots > 0) flush();
            return new CaptureWriter(this, conn, host);
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("write", e);
        }
    }

    void afterCapture(long hostId, boolean committed) {
        if (!committed) rollbackQuietly();
        hostStates.remove(hostId);
    }

    StoreException writeFailure(SQLException e) {
        return failure("write", e);
    }

    // ---------------------------------------------------------------- watched directories

    /** Writes one walk of a watched directory in its own transaction. */
    public void writeDirSample(long hostId, DirSample d) {
        requireWriter();
        try (PreparedStatement ps = conn.prepareStatement("INSERT OR REPLACE INTO dir_sample VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            ps.setLong(1, hostId);
            ps.setString(2, d.path());
            ps.setLong(3, d.timeMillis());
            ps.setLong(4, d.bytes());
            ps.setLong(5, d.allocatedBytes());
            ps.setLong(6, d.files());
            ps.setLong(7, d.oldestMillis());
            ps.setLong(8, d.newestMillis());
            ps.setLong(9, d.fsSizeBytes());
            ps.setLong(10, d.fsAvailBytes());
            ps.setLong(11, d.unreadable());
            ps.setLong(12, d.vanished());
            ps.setString(13, UsageText.encode(d.owners()));
            ps.setString(14, UsageText.encode(d.children()));
            ps.executeUpdate();
            conn.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("write", e);
        }
    }

    /** The directories recorded for the host, by path (a store from before watched directories has none). */
    public List<String> watchedDirs(long hostId) {
        return read(() -> {
            List<String> out = new ArrayList<>();
            if (!hasDirSamples()) return out;
            try (PreparedStatement ps = conn.prepareStatement("SELECT DISTINCT path FROM dir_sample WHERE host_id=? ORDER BY path")) {
                ps.setLong(1, hostId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    /** The walks of one watched directory in [from, to], oldest first. */
    public List<DirSample> dirSeries(long hostId, String path, long fromMillis, long toMillis) {
        return read(() -> {
            List<DirSample> out = new ArrayList<>();
            if (!hasDirSamples()) return out;
            try (PreparedStatement ps = conn.prepareStatement("SELECT t, bytes, allocated, files, oldest, newest, fs_size, fs_avail, "
                    + "unreadable, vanished, owners, children FROM dir_sample WHERE host_id=? AND path=? AND t BETWEEN ? AND ? ORDER BY t")) {
                ps.setLong(1, hostId);
                ps.setString(2, path);
                ps.setLong(3, fromMillis);
                ps.setLong(4, toMillis);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new DirSample(path, rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6),
                                rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), UsageText.decode(rs.getString(11)),
                                UsageText.decode(rs.getString(12))));
                    }
                }
            }
            return out;
        });
    }

    private boolean hasDirSamples() throws SQLException {
        return queryLong("SELECT COUNT(*) FROM sqlite_master WHERE type='table' AND name='dir_sample'") > 0;
    }

    // ---------------------------------------------------------------- plumbing

    private interface Query<T> {
        T run() throws SQLException;
    }

    /** Runs reads in one read transaction, so a concurrent flush never shows a sample twice or not at all. */
    private <T> T read(Query<T> q) {
        try {
            T result = q.run();
            if (readOnly) conn.rollback();
            return result;
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("read", e);
        }
    }

    private long queryLong(String sql) throws SQLException {
        try (Statement s = conn.createStatement()) {
            return longOf(s, sql);
        }
    }

    private OptionalLong optionalLong(String sql) throws SQLException {
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) return OptionalLong.empty();
            long v = rs.getLong(1);
            return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(v);
        }
    }

    private static long longOf(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private void requireWriter() {
        if (readOnly) throw new IllegalStateException("store opened read-only");
    }

    private StoreException failure(String what, SQLException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (m.contains("SQLITE_FULL")) m = "the disk is full";
        else if (m.contains("SQLITE_READONLY")) m = "the file is read-only";
        else if (m.contains("SQLITE_CORRUPT") || m.contains("SQLITE_NOTADB")) m = "the file is damaged";
        return new StoreException("cannot " + what + " " + path + ": " + m, e);
    }

    private void rollbackQuietly() {
        try {
            conn.rollback();
        } catch (SQLException ignored) {
            // the connection is failing anyway; the caller reports the first error
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // nothing left to save
        }
    }

    private static String reason(IOException e) {
        String m = e.getMessage();
        String kind = e.getClass().getSimpleName().replace("Exception", "");
        return m == null ? kind : kind + " " + m;
    }

    @Override
    public void close() {
        try {
            if (!readOnly) conn.commit();
            conn.close();
        } catch (SQLException e) {
            throw failure("close", e);
        }
    }
}
