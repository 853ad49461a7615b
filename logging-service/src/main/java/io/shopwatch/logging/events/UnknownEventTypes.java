package io.shopwatch.logging.events;

/** What happens to an event whose type has no schema file. */
public enum UnknownEventTypes {
    /**
     * Accepted when its properties pass the generic schema ({@code _generic.json}: an object of bounded size); counted
     * under {@code type="other"}. The default: a storefront team can start sending a new event before its schema
     * exists.
     */
    ACCEPT,
    /** Rejected with reason {@code unknown_type}: only the documented vocabulary gets in. */
    REJECT
}
