/**
 * Agent mode over HTTP: the latest snapshot as Prometheus metrics through the official Java client,
 * with cardinality bounded (top parents of zombies, top groups by memory). Read-only: nothing here
 * acts on the host.
 */
package sexton.serve;
