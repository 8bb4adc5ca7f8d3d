/**
 * Reading {@code /proc}: {@link sexton.procfs.ProcFs} opens files under an injectable root (the real
 * {@code /proc} or a fixture tree) and reports vanished or forbidden files as codes, not exceptions;
 * one pure parser per file turns its bytes into {@link sexton.model} records. Parsers work on bytes
 * without regexes so that reading thousands of {@code /proc/PID/stat} files per sample stays cheap.
 * A parser takes {@code (buf, len)} as {@link sexton.procfs.ProcFs#read} fills them; a negative
 * {@code len} (a failed read) counts as empty input.
 */
package sexton.procfs;
