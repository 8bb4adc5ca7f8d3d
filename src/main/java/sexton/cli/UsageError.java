package sexton.cli;

/** Bad input from the user: printed as one line on stderr, exit code 2. */
final class UsageError extends RuntimeException {
    UsageError(String message) { super(message); }
}
