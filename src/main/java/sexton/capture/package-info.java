/**
 * Reading text that admins captured on hosts where no agent can run: loops of {@code free} and
 * {@code ps}, {@code top -b} batches, {@code date} lines between them, plain, gzip or xz.
 * {@link sexton.capture.CaptureReader} streams a file into samples with one parser per block
 * ({@link sexton.capture.FreeBlock}, {@link sexton.capture.TopSummary}, {@link sexton.capture.PsTable}
 * driven by its {@link sexton.capture.PsHeader}); {@link sexton.capture.CaptureImport} gives processes
 * an identity (pid, command) and writes model snapshots through the store's capture writer. Rows are
 * split by scanning characters, not with regexes, because captures of a day run to millions of rows.
 */
package sexton.capture;
