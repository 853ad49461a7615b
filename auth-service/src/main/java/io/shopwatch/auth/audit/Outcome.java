package io.shopwatch.auth.audit;

/** How it ended: done, failed (bad credentials, invalid input), or refused by an access rule. */
public enum Outcome {
    SUCCESS("success"),
    FAILURE("failure"),
    DENIED("denied");

    private final String id;

    Outcome(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
