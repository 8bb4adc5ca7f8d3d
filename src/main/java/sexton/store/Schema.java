package sexton.store;

import java.util.List;

/**
 * Numbered migrations: entry N-1 brings a store from version N-1 to N, in one transaction. A store
 * carries {@link #APPLICATION_ID} and its version in the SQLite header (application_id, user_version).
 */
final class Schema {
    /** "SXTN": marks a SQLite file as a sexton store. */
    static final int APPLICATION_ID = 0x5358544E;

    static final List<String> MIGRATIONS = List.of(
            """
            CREATE TABLE host(
              id INTEGER PRIMARY KEY,
              name TEXT NOT NULL UNIQUE,
              clock_ticks INTEGER NOT NULL,
              page_size INTEGER NOT NULL);
            CREATE TABLE snapshot(
              host_id INTEGER NOT NULL, t INTEGER NOT NULL, boot_time INTEGER NOT NULL,
              mem_total INTEGER, mem_free INTEGER, mem_available INTEGER, buffers INTEGER, cached INTEGER,
              sreclaimable INTEGER, shmem INTEGER, swap_total INTEGER, swap_free INTEGER, swap_cached INTEGER,
              cpu_user INTEGER, cpu_nice INTEGER, cpu_system INTEGER, cpu_idle INTEGER, cpu_iowait INTEGER,
              cpu_irq INTEGER, cpu_softirq INTEGER, cpu_steal INTEGER,
              forks INTEGER, procs_running INTEGER, procs_blocked INTEGER,
              load1 REAL, load5 REAL, load15 REAL, load_runnable INTEGER, load_entities INTEGER, last_pid INTEGER,
              pid_max INTEGER, threads_max INTEGER, nprocs INTEGER, nzombies INTEGER,
              vanished INTEGER, denied INTEGER, cost_cpu_ns INTEGER, cost_wall_ns INTEGER,
              PRIMARY KEY(host_id, t)) WITHOUT ROWID;
            CREATE TABLE process(
              id INTEGER PRIMARY KEY,
              host_id INTEGER NOT NULL, boot_time INTEGER NOT NULL, pid INTEGER NOT NULL, start_ticks INTEGER NOT NULL,
              comm TEXT, command TEXT, unit TEXT, container TEXT, user TEXT,
              first_t INTEGER NOT NULL, last_t INTEGER NOT NULL,
              UNIQUE(host_id, boot_time, pid, start_ticks));
            CREATE TABLE open_sample(
              t INTEGER NOT NULL, proc_id INTEGER NOT NULL,
              state INTEGER, ppid INTEGER, pgrp INTEGER, session INTEGER, tty INTEGER, utime INTEGER, stime INTEGER,
              threads INTEGER, vsize INTEGER, rss INTEGER, uid INTEGER, tracer INTEGER, swap INTEGER, anon INTEGER,
              file INTEGER, shmem INTEGER, wchan TEXT,
              PRIMARY KEY(t, proc_id)) WITHOUT ROWID;
            CREATE TABLE chunk(
              proc_id INTEGER NOT NULL, t0 INTEGER NOT NULL, t1 INTEGER NOT NULL, n INTEGER NOT NULL, data BLOB NOT NULL,
              PRIMARY KEY(proc_id, t0)) WITHOUT ROWID;
            CREATE INDEX chunk_t1 ON chunk(t1);
            """,
            // 2: text captures imported, by content hash, so importing a file twice adds nothing
            """
            CREATE TABLE capture(
              host_id INTEGER NOT NULL, sha256 TEXT NOT NULL, source TEXT NOT NULL, imported_t INTEGER NOT NULL,
              samples INTEGER NOT NULL, first_t INTEGER, last_t INTEGER,
              PRIMARY KEY(host_id, sha256)) WITHOUT ROWID;
            """,
            // 3: watched directories (record --watch-dir), one row per walk; owners and children as tab-separated text
            """
            CREATE TABLE dir_sample(
              host_id INTEGER NOT NULL, path TEXT NOT NULL, t INTEGER NOT NULL,
              bytes INTEGER NOT NULL, allocated INTEGER NOT NULL, files INTEGER NOT NULL, oldest INTEGER, newest INTEGER,
              fs_size INTEGER, fs_avail INTEGER, unreadable INTEGER, vanished INTEGER, owners TEXT, children TEXT,
              PRIMARY KEY(host_id, path, t)) WITHOUT ROWID;
            CREATE INDEX dir_sample_t ON dir_sample(t);
            """);

    static int current() {
        return MIGRATIONS.size();
    }

    private Schema() {}
}
