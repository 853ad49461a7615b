package io.shopwatch.logging.analytics;

import io.shopwatch.common.event.StreamNames;
import io.shopwatch.common.web.ShopWatchException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Builds the pieces of SQL that carry user input: stream names are checked, literals quoted. */
final class Sql {

    private static final Pattern INTERVAL = Pattern.compile("([0-9]{1,4}) ?(second|minute|hour|day)s?");

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
        intervalSeconds(interval);
        return literal(interval);
    }

    /** The length of an interval accepted by {@link #interval(String)}, in seconds. */
    static long intervalSeconds(String interval) {
        Matcher m = interval == null ? null : INTERVAL.matcher(interval);
        if (m == null || !m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw ShopWatchException.invalid("interval must look like '30 seconds', '5 minutes', '1 hour' or '1 day'");
        }
        long unit =
                switch (m.group(2)) {
                    case "second" -> 1;
                    case "minute" -> 60;
                    case "hour" -> 3_600;
                    default -> 86_400;
                };
        return Long.parseLong(m.group(1)) * unit;
    }
}
