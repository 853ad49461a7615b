package io.shopwatch.config.release;

import java.util.Map;
import java.util.SortedMap;

/**
 * Turns the properties of a draft as written by an operator into the form stored (secrets encrypted). {@code previous}
 * holds the stored values the target had, so that a masked secret sent back unchanged keeps its value.
 */
@FunctionalInterface
public interface DraftSealer {

    SortedMap<String, Object> seal(SortedMap<String, Object> written, Map<String, Object> previous);
}
