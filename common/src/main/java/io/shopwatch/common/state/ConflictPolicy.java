package io.shopwatch.common.state;

import java.util.Locale;

/** What an import does with an item whose id exists with other content. */
public enum ConflictPolicy {
    /** Keep what is there. */
    SKIP,
    /** Replace it with the imported item. */
    OVERWRITE,
    /** Refuse the whole import (nothing is written) and list the conflicts. */
    FAIL;

    /** {@code skip}, {@code overwrite} or {@code fail} (any case); {@code fail} when null or blank. */
    public static ConflictPolicy parse(String value) {
        if (value == null || value.isBlank()) {
            return FAIL;
        }
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("conflicts: skip, overwrite or fail, not " + value);
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
