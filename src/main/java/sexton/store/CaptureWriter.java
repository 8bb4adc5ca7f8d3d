package sexton.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

import sexton.model.HostInfo;
import sexton.model.ProcessKey;
import sexton.model.ProcessSample;
import sexton.model.ProcessStatus;
import sexton.model.Snapshot;

/**
 * Writes one imported capture in a single transaction: nothing is visible, and nothing stays, unless
 * {@link #commit} returns. Samples go straight into chunks (no open rows): each live process keeps a
 * block of at most {@link #CHUNK} samples in memory, so memory is bounded by the processes alive at
 * once, not by the size of the capture.
 *
 * <p>Captures have no boot time and no start times: the caller gives each process identity a key
 * whose start ticks are a serial number unique in the host (see {@link #firstFreeSerial}); rows are
 * stored with boot time 0.
 */
public final class CaptureWriter implements AutoCloseable {
    /** Samples per chunk: 20 minutes at 10 s; 1,000 live processes hold about 18 MB of blocks. */
    static final int CHUNK = 120;

    private final Store store;
    private final Connection conn;
    private final ChunkCodec codec;
    private final long hostId;
    private final PreparedStatement insertSnapshot;
    private final PreparedStatement insertProcess;
    private final PreparedStatement insertChunk;
    private final PreparedStatement updateLast;
    private final Map<ProcessKey, Open> open = new HashMap<>();
    private long lastTime = Long.MIN_VALUE;
    private boolean done;

    /**
     * A live process: its row id and the samples not yet packed, row by row (a row is one cache line
     * or two; columns would touch 19 lines per sample across a thousand processes).
     */
    private static final class Open {
        final long id;
        final long[] rows = new long[CHUNK * SampleBlock.COLUMNS];
        final String[] wchan = new String[CHUNK];
        int n;
        long lastT;
        boolean seen;

        Open(long id) { this.id = id; }
    }


    CaptureWriter(Store store, Connection conn, HostInfo host) throws SQLException {
        this.store = store;
        this.conn = conn;
        // level 6: a capture packs many chunks at once; level 9 cost a third more time for 0.7 % less size
        this.codec = new ChunkCodec(6);
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO host(name, clock_ticks, page_size) VALUES (?,?,?) "
                + "ON CONFLICT(name) DO NOTHING")) {
            ps.setString(1, host.name());
            ps.setInt(2, host.clockTicks());
            ps.setInt(3, host.pageSize());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = conn.prepareStatement("SELECT id FROM host WHERE name=?")) {
            ps.setString(1, host.name());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                hostId = rs.getLong(1);
            }
        }
        insertSnapshot = conn.prepareStatement("INSERT INTO snapshot VALUES (" + "?,".repeat(37) + "?)");
        insertProcess = conn.prepareStatement("INSERT INTO process(host_id, boot_time, pid, start_ticks, comm, command, "
                + "unit, container, user, first_t, last_t) VALUES (?,0,?,?,?,?,?,?,?,?,?)");
        insertChunk = conn.prepareStatement("INSERT INTO chunk(proc_id, t0, t1, n, data) VALUES (?,?,?,?,?)");
        updateLast = conn.prepareStatement("UPDATE process SET last_t=? WHERE id=?");
    }

    public long hostId() { return hostId; }

    /** The first start-ticks serial no earlier import of this host has used. */
    public long firstFreeSerial() {
        try (Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(start_ticks), 0) FROM process WHERE boot_time=0 AND host_id=" + hostId)) {
            rs.next();
            return rs.getLong(1) + 1;
        } catch (SQLException e) {
            throw store.writeFailure(e);
        }
    }

    /** Time of the host's latest sample already in the store, or {@code Long.MIN_VALUE}. */
    public long lastStoredTime() {
        try (Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("SELECT MAX(t) FROM snapshot WHERE host_id=" + hostId)) {
            rs.next();
            long v = rs.getLong(1);
            return rs.wasNull() ? Long.MIN_VALUE : v;
        } catch (SQLException e) {
            throw store.writeFailure(e);
        }
    }

    /** Whether the host already has a sample at this time (an overlapping capture). */
    public boolean hasSampleAt(long timeMillis) {
        try (PreparedStatement ps = conn.prepareStatement("SELECT 1 FROM snapshot WHERE host_id=? AND t=?")) {
            ps.setLong(1, hostId);
            ps.setLong(2, timeMillis);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw store.writeFailure(e);
        }
    }

    /**
     * Writes one sample; times must increase. A snapshot with processes is a full process table: a
     * process it lacks has ended. One without processes (a {@code free} block alone) ends nobody.
     */
    public void write(Snapshot snap) {
        if (done) throw new IllegalStateException("capture already committed or abandoned");
        long t = snap.timeMillis();
        if (t <= lastTime) throw new IllegalArgumentException("capture sample times must increase");
        lastTime = t;
        try {
            Store.bindSnapshot(insertSnapshot, hostId, 0, snap);
            insertSnapshot.executeUpdate();
            if (snap.processes().isEmpty()) return;
            for (ProcessSample p : snap.processes()) {
                Open o = open.get(p.key());
                if (o == null) {
                    o = new Open(insertProcess(p, t));
                    open.put(p.key(), o);
                }
                o.seen = true;
                o.lastT = t;
                fill(o.rows, o.n * SampleBlock.COLUMNS, t, p);
                o.wchan[o.n++] = p.wchan();
                if (o.n >= CHUNK) pack(o);
            }
            for (Iterator<Open> it = open.values().iterator(); it.hasNext(); ) {
                Open o = it.next();
                if (o.seen) {
                    o.seen = false;
                } else {
                    finish(o);
                    it.remove();
                }
            }
        } catch (SQLException e) {
            if (String.valueOf(e.getMessage()).contains("UNIQUE constraint failed: snapshot")) {
                throw new StoreException("the host already has a sample at " + java.time.Instant.ofEpochMilli(t)
                        + " (an earlier import or recording); import under another --host");
            }
            throw store.writeFailure(e);
        }
    }

    private long insertProcess(ProcessSample p, long t) throws SQLException {
        insertProcess.setLong(1, hostId);
        insertProcess.setInt(2, p.pid());
        insertProcess.setLong(3, p.key().startTicks());
        insertProcess.setString(4, p.info().comm());
        insertProcess.setString(5, p.info().command());
        insertProcess.setString(6, p.info().unit());
        insertProcess.setString(7, p.info().container());
        insertProcess.setString(8, p.user());
        insertProcess.setLong(9, t);
        insertProcess.setLong(10, t);
        insertProcess.executeUpdate();
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT last_insert_rowid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void fill(long[] rows, int at, long t, ProcessSample p) {
        ProcessStatus st = p.status() == null ? ProcessStatus.UNKNOWN : p.status();
        long[] row = rows;
        int o = at;
        row[o + SampleBlock.T] = t;
        row[o + SampleBlock.STATE] = p.state().code();
        row[o + SampleBlock.PPID] = p.ppid();
        row[o + SampleBlock.PGRP] = p.pgrp();
        row[o + SampleBlock.SESSION] = p.session();
        row[o + SampleBlock.TTY] = p.ttyNr();
        row[o + SampleBlock.UTIME] = p.utimeTicks();
        row[o + SampleBlock.STIME] = p.stimeTicks();
        row[o + SampleBlock.THREADS] = p.numThreads();
        row[o + SampleBlock.VSIZE] = p.vsizeKib();
        row[o + SampleBlock.RSS] = p.rssKib();
        row[o + SampleBlock.UID] = st.uid();
        row[o + SampleBlock.TRACER] = st.tracerPid();
        row[o + SampleBlock.SWAP] = st.vmSwapKib();
        row[o + SampleBlock.ANON] = st.rssAnonKib();
        row[o + SampleBlock.FILE] = st.rssFileKib();
        row[o + SampleBlock.SHMEM] = st.rssShmemKib();
        row[o + SampleBlock.PCPU] = hundredths(p.cpuPct());
        row[o + SampleBlock.PMEM] = hundredths(p.memPct());
    }

    private static long hundredths(double pct) {
        return Double.isNaN(pct) || pct < 0 ? -1 : Math.round(pct * 100);
    }

    /**
     * Hands a full (or final) block to the encoding thread and inserts what it has finished: packing
     * is half of an import's writing work, and the machine has a core for it.
     */
    private void pack(Open o) throws SQLException {
        SampleBlock b = new SampleBlock(o.n);
        int n = o.n;
        for (int c = 0; c < SampleBlock.COLUMNS; c++) {
            long[] col = b.cols[c];
            for (int i = 0, k = c; i < n; i++, k += SampleBlock.COLUMNS) col[i] = o.rows[k];
        }
        System.arraycopy(o.wchan, 0, b.wchan, 0, n);
        b.n = n;
        long id = o.id;
        pending.add(new Pending(id, b.firstTime(), b.lastTime(), n, encoder.submit(() -> codec.encode(b))));
        o.n = 0;
        drain(pending.size() > MAX_PENDING);
    }

    /** A block being encoded: where its chunk goes once the bytes are ready. */
    private record Pending(long id, long t0, long t1, int n, java.util.concurrent.Future<byte[]> bytes) {
    }

    /** Blocks in flight at most; beyond, the writer waits for the encoder (bounded memory). */
    private static final int MAX_PENDING = 512;
    private final java.util.ArrayDeque<Pending> pending = new java.util.ArrayDeque<>();
    private final java.util.concurrent.ExecutorService encoder = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "capture-encoder");
        t.setDaemon(true);
        return t;
    });

    /** Inserts the encoded chunks that are ready (all of them, waiting, when {@code all}). */
    private void drain(boolean all) throws SQLException {
        while (!pending.isEmpty() && (all || pending.peekFirst().bytes().isDone())) {
            Pending p = pending.pollFirst();
            byte[] data;
            try {
                data = p.bytes().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while packing a chunk");
            } catch (java.util.concurrent.ExecutionException e) {
                throw new SQLException("packing a chunk failed: " + e.getCause(), e.getCause());
            }
            insertChunk.setLong(1, p.id());
            insertChunk.setLong(2, p.t0());
            insertChunk.setLong(3, p.t1());
            insertChunk.setInt(4, p.n());
            insertChunk.setBytes(5, data);
            insertChunk.executeUpdate();
        }
    }

    private void finish(Open o) throws SQLException {
        if (o.n > 0) pack(o);
        updateLast.setLong(1, o.lastT);
        updateLast.setLong(2, o.id);
        updateLast.executeUpdate();
    }

    /**
     * Ends every live process: the next sample starts a new stretch of history (another file whose
     * times do not follow on from this one). Sample times may start over after it.
     */
    public void endSegment() {
        try {
            for (Open o : open.values()) finish(o);
            open.clear();
            drain(true);
            lastTime = Long.MIN_VALUE;
        } catch (SQLException e) {
            throw store.writeFailure(e);
        }
    }

    /** Notes one imported file by its content hash, so that importing it again adds nothing. */
    public void recordCapture(String sha256, String source, int samples, long firstMillis, long lastMillis) {
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO capture(host_id, sha256, source, imported_t, samples, "
                + "first_t, last_t) VALUES (?,?,?,?,?,?,?) ON CONFLICT DO NOTHING")) {
            ps.setLong(1, hostId);
            ps.setString(2, sha256);
            ps.setString(3, source);
            ps.setLong(4, System.currentTimeMillis());
            ps.setInt(5, samples);
            ps.setLong(6, firstMillis);
            ps.setLong(7, lastMillis);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw store.writeFailure(e);
        }
    }

    /** Packs what is left and commits: from here on the whole import is in the store. */
    public void commit() {
        if (done) throw new IllegalStateException("capture already committed or abandoned");
        try {
            for (Open o : open.values()) finish(o);
            open.clear();
            drain(true);
            conn.commit();
            done = true;
            store.afterCapture(hostId, true);
        } catch (SQLException e) {
            throw store.writeFailure(e);
        }
    }

    /** Abandons the import unless it was committed: the store is as it was before. */
    @Override
    public void close() {
        encoder.shutdownNow();
        for (PreparedStatement ps : new PreparedStatement[] {insertSnapshot, insertProcess, insertChunk, updateLast}) {
            try {
                ps.close();
            } catch (SQLException ignored) {
                // closing a statement of a transaction we roll back anyway
            }
        }
        if (!done) {
            done = true;
            store.afterCapture(hostId, false);
        }
    }
}
