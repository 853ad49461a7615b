package io.shopwatch.pipeline.enrich;

import java.util.List;
import java.util.Map;

/** Finds the first of several candidate fields that holds a non-blank string. */
final class FieldLookup {

    private FieldLookup() {}

    static String firstText(Map<String, Object> document, List<String> fields) {
        for (String field : fields) {
            if (document.get(field) instanceof String value && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
