package io.shopwatch.logging.analytics;

import io.shopwatch.common.event.StreamNames;
import io.shopwatch.common.web.ShopWatchException;

/** Builds the pieces of SQL that carry user input: stream names are checked, literals quoted. */
final class Sql {

    private Sql() {}

    static String stream(String name) {
        if (name == null || !name.matches(StreamNames.PATTERN)) {
            throw ShopWatchException.invalid("'" + name + "' is not a stream name (letters, digits, _)");
        }
        return '"' + name + '"';
    }

    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** An OpenObserve histogram interval such as {@code 1 minute}, {@code 30 seconds}, {@code 1 hour}. */
    static String interval(String interval) {
        if (interval == null || !interval.matches("[0-9]{1,4} ?(second|minute|hour|day)s?")) {
            throw ShopWatchException.invalid("interval must look like '30 seconds', '5 minutes', '1 hour' or '1 day'");
        }
        return literal(interval);
    }
}
