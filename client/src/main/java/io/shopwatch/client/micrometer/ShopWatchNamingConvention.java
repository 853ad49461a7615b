package io.shopwatch.client.micrometer;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.NamingConvention;

/**
 * Micrometer names and tag keys as ShopWatch (and Prometheus) accept them, in lower snake case ({@code paymentMethod}
 * becomes {@code payment_method}, since ShopWatch stores names in lower case): dots and other characters become
 * {@code _}, a name starts with a letter and has at most 128 characters, a tag key starts with a letter or {@code _}.
 * Unit suffixes ({@code _seconds}, {@code _total}) are added by {@link ShopWatchMeterRegistry}, per kind of meter.
 */
public final class ShopWatchNamingConvention implements NamingConvention {

    static final int MAX_NAME_LENGTH = 128;

    @Override
    public String name(String name, Meter.Type type, String baseUnit) {
        return trim(sanitize(NamingConvention.snakeCase.name(name, type, baseUnit), true));
    }

    @Override
    public String tagKey(String key) {
        return sanitize(NamingConvention.snakeCase.tagKey(key), false);
    }

    static String sanitize(String text, boolean metricName) {
        StringBuilder out = new StringBuilder(text.length() + 4);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                char before = i > 0 ? text.charAt(i - 1) : 'A';
                if ((before >= 'a' && before <= 'z') || (before >= '0' && before <= '9')) {
                    out.append('_');
                }
                out.append((char) (c + ('a' - 'A')));
                continue;
            }
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
            out.append(ok ? c : '_');
        }
        if (out.isEmpty()) {
            out.append(metricName ? "m" : "_");
        }
        char first = out.charAt(0);
        boolean letter = (first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z');
        if (!letter && (metricName || (first >= '0' && first <= '9'))) {
            out.insert(0, metricName ? "m_" : "_");
        }
        return out.toString();
    }

    static String trim(String name) {
        return name.length() <= MAX_NAME_LENGTH ? name : name.substring(0, MAX_NAME_LENGTH);
    }
}
