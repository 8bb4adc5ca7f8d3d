/**
 * Acting on a production host, carefully: who owns a process (systemd unit, container, SysV init
 * script), plans of least disruptive steps first, guards that refuse to signal what must not be
 * signalled, execution with verification after every step, and an append-only audit log. Dry-run is
 * the default; nothing here runs unless the admin said yes.
 */
package sexton.remedy;
