package io.shopwatch.config.release;

/**
 * Checks a draft against the running instances of its application before it is published (the dry-run bind):
 * throws to refuse, nothing is stored then; otherwise says what was checked, for the publisher.
 */
@FunctionalInterface
public interface CandidateCheck {

    /** No check: nothing to say. */
    CandidateCheck NONE = draft -> null;

    /** What the check found acceptable and whom it asked; null when there is nothing to say. */
    Object check(Draft draft);
}
