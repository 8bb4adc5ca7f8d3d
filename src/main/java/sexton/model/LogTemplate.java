package sexton.model;

/**
 * A group of log lines that differ only in numbers, pids, addresses and ids.
 *
 * @param program     the program the lines were logged by; null for lines without a tag or for the
 *                    bucket of templates beyond the tracking cap
 * @param template    the masked line, tag included ({@code cimservera[*]: user "root" failed to authenticate})
 * @param count       how many lines fell into it
 * @param firstMillis the earliest line's time
 * @param lastMillis  the latest line's time
 * @param example     one real line of the group, tag and message as logged
 */
public record LogTemplate(String program, String template, long count, long firstMillis, long lastMillis,
                          String example) {
}
