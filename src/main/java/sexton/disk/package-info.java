/**
 * Walking directory trees that grow (spools, logs, crash dumps) into usage records: bytes, files,
 * owners, largest children and files. Never follows symlinks; files that vanish or cannot be read are
 * counted, not fatal.
 */
package sexton.disk;
