package sexton.model;

/**
 * One line of a system log, from a syslog file or the systemd journal, reduced to what evidence needs.
 *
 * @param timeMillis when it was logged, epoch milliseconds
 * @param host       the host name the line carries; null when the format has none
 * @param program    the tag's program ({@code sshd}, {@code postfix/smtpd}, {@code kernel}); null when the
 *                   line has no recognisable tag
 * @param pid        the pid in the tag's brackets; -1 if none
 * @param message    the text after the tag (the whole rest of the line when there is no tag)
 * @param source     the file name it came from, or {@code "journal"}
 */
public record LogLine(long timeMillis, String host, String program, int pid, String message, String source) {
}
