package io.shopwatch.common.security;

import java.util.Objects;

/** An access token was not accepted; {@link #reason()} says why, in a form that may go into logs and audit events. */
public class TokenRejectedException extends RuntimeException {

    /** Why a token was refused. The message given to clients stays generic; the reason goes to the audit log. */
    public enum Reason {
        MALFORMED("malformed"),
        UNSUPPORTED_ALGORITHM("unsupported_algorithm"),
        UNKNOWN_KEY("unknown_key"),
        BAD_SIGNATURE("bad_signature"),
        EXPIRED("expired"),
        INVALID_CLAIMS("invalid_claims");

        private final String id;

        Reason(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    private final Reason reason;

    public TokenRejectedException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public TokenRejectedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
