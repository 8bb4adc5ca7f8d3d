package sexton.store;

/** A store that cannot be opened, read or written; the message is one line meant for the admin. */
public final class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
