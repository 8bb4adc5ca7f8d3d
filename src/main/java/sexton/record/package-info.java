/**
 * The sampling loop: {@link sexton.record.Sampler} turns /proc into {@link sexton.model.Snapshot}s,
 * reading per-process files that rarely change only when a new (pid, start time) appears or at a slow
 * cadence; {@link sexton.record.Recorder} takes them at an interval and writes them to the store,
 * with the walks of watched directories ({@link sexton.record.DirWatch}) made on a thread of their own.
 */
package sexton.record;
