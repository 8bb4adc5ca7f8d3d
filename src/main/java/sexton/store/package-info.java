/**
 * The SQLite store: schema and numbered migrations, one transaction per snapshot, the open window of
 * plain rows packed into compressed per-process chunks ({@link sexton.store.ChunkCodec}), queries that
 * give model records back, and retention. Readers in other processes read while a recorder writes (WAL).
 */
package sexton.store;
