package io.shopwatch.alert.silence;

/** A silence operation that cannot be done; {@link #kind()} says why. */
public class SilenceException extends RuntimeException {

    /** Why. */
    public enum Kind {
        NOT_FOUND,
        INVALID,
        ALREADY_EXPIRED
    }

    private final Kind kind;

    public SilenceException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
