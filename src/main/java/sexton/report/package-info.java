/**
 * What sexton shows: the diagnosis of a host gathered in one pass ({@link sexton.report.Diagnosis}),
 * its findings ranked by urgency with the fix for each, a self-contained HTML report with interactive
 * charts (Chart.js inlined from its WebJar), and the same charts as PNG files. Everything from the
 * host is treated as hostile text: escaped in HTML, escaped in the embedded JSON.
 */
package sexton.report;
