package io.shopwatch.alert.notify.channel;

import io.shopwatch.alert.notify.DeliveryException;
import io.shopwatch.alert.notify.IntegrationConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reading and checking channel settings as written in {@code alertmanager.yml}. Problems and errors never quote a URL:
 * robot URLs carry their access tokens.
 */
final class ChannelSettings {

    private ChannelSettings() {}

    /** Adds a problem unless {@code key} holds an absolute http(s) URL with a host; absent is a problem if required. */
    static void checkUrl(Map<String, Object> settings, String key, boolean required, List<String> problems) {
        Object value = settings.get(key);
        if (value == null || value.toString().isBlank()) {
            if (required) {
                problems.add(key + " must be configured");
            }
            return;
        }
        try {
            URI uri = new URI(value.toString().trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                problems.add(key + " must be an http or https URL");
            } else if (uri.getHost() == null || uri.getHost().isEmpty()) {
                problems.add(key + " has no host");
            }
        } catch (URISyntaxException e) {
            problems.add(key + " is not a valid URL");
        }
    }

    /** Adds a problem unless {@code key} is absent or a list of scalars. */
    static void checkList(Map<String, Object> settings, String key, List<String> problems) {
        Object value = settings.get(key);
        if (value == null) {
            return;
        }
        if (!(value instanceof Collection<?> items)) {
            problems.add(key + " must be a list");
            return;
        }
        for (Object item : items) {
            if (item == null || item instanceof Map<?, ?> || item instanceof Collection<?>) {
                problems.add(key + " must be a list of strings");
                return;
            }
        }
    }

    /** Adds a problem unless {@code key} is absent or a boolean. */
    static void checkBoolean(Map<String, Object> settings, String key, List<String> problems) {
        Object value = settings.get(key);
        if (value != null && !(value instanceof Boolean) && !isBooleanText(value.toString())) {
            problems.add(key + " must be true or false");
        }
    }

    /** Adds a problem unless {@code key} is absent or a string. */
    static void checkString(Map<String, Object> settings, String key, List<String> problems) {
        Object value = settings.get(key);
        if (value instanceof Map<?, ?> || value instanceof Collection<?>) {
            problems.add(key + " must be a string");
        }
    }

    /** A list setting as strings (absent: empty). */
    static List<String> strings(IntegrationConfig integration, String key) {
        if (!(integration.settings().get(key) instanceof Collection<?> items)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Object item : items) {
            if (item != null && !item.toString().isBlank()) {
                out.add(item.toString().trim());
            }
        }
        return out;
    }

    static boolean bool(IntegrationConfig integration, String key) {
        Object value = integration.settings().get(key);
        return value instanceof Boolean b
                ? b
                : value != null && "true".equalsIgnoreCase(value.toString().trim());
    }

    /**
     * A setting used as written: null when absent, blank or a Go template ({@code {{ … }}}), which only the title and
     * text settings are rendered from.
     */
    static String literal(IntegrationConfig integration, String key) {
        Object value = integration.settings().get(key);
        if (value == null) {
            return null;
        }
        String text = value.toString().trim();
        return text.isEmpty() || text.contains("{{") ? null : text;
    }

    /** The URL in {@code key}, or read from the file named in {@code fileKey} (may be null). */
    static String url(IntegrationConfig integration, String type, String key, String fileKey) throws DeliveryException {
        String url = literal(integration, key);
        if (url == null && fileKey != null && literal(integration, fileKey) != null) {
            url = readFile(type, literal(integration, fileKey));
        }
        if (url == null) {
            throw new DeliveryException(type + ": no " + key + " configured", false, 0);
        }
        return url;
    }

    /** A secret read from a file, trimmed. */
    static String readFile(String type, String file) throws DeliveryException {
        try {
            return Files.readString(Path.of(file)).trim();
        } catch (IOException e) {
            throw new DeliveryException(
                    type + ": cannot read " + file + ": " + e.getClass().getSimpleName(), false, 0);
        }
    }

    /** A URL as a {@link URI}; a bad one is a permanent failure that does not quote it. */
    static URI uri(String type, String url) throws DeliveryException {
        try {
            return new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new DeliveryException(type + ": the configured URL is not valid", false, 0);
        }
    }

    /** The list with {@code extra} added at the end, each item once, in order. */
    static List<String> union(List<String> first, String extra) {
        Set<String> all = new LinkedHashSet<>(first);
        if (extra != null && !extra.isBlank()) {
            all.add(extra.trim());
        }
        return List.copyOf(all);
    }

    private static boolean isBooleanText(String text) {
        return text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false");
    }
}
