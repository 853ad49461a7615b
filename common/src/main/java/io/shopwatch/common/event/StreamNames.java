package io.shopwatch.common.event;

import java.util.Locale;

/** Stream names as OpenObserve accepts them after normalisation. */
public final class StreamNames {

    /** Letters, digits and underscores, starting with a letter, at most 128 characters. */
    public static final String PATTERN = "[a-zA-Z][a-zA-Z0-9_]{0,127}";

    private StreamNames() {}

    /**
     * Normalises a stream name the way OpenObserve does on ingestion: lower case, every character that is not a
     * letter, digit or underscore becomes an underscore.
     */
    public static String normalise(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (char c : name.toLowerCase(Locale.ROOT).toCharArray()) {
            out.append(Character.isLetterOrDigit(c) && c < 128 || c == '_' ? c : '_');
        }
        return out.toString();
    }
}
