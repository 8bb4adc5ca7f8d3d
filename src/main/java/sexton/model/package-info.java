/**
 * Immutable records every layer speaks: a {@link sexton.model.Snapshot} of the host at one instant,
 * its {@link sexton.model.ProcessSample}s keyed by {@link sexton.model.ProcessKey} (pid, start time),
 * and the system-wide figures beside them. No I/O here.
 */
package sexton.model;
