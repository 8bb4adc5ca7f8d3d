/**
 * Analyses on model series: trend statistics (robust slope, monotonic-trend test on the lower
 * envelope), leak and memory-pressure verdicts with their evidence, directory growth, and forecasts. Analyses never
 * read /proc or SQL: callers hand them {@link sexton.model.MemorySeries} and
 * {@link sexton.model.SystemSeries} and {@link sexton.model.DirSample}s from the store, recorded or imported alike.
 */
package sexton.analysis;
