package io.shopwatch.config.validate;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.shopwatch.config.release.Secrets;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * Rules every application's configuration obeys, recognised by the last segment of a key:
 *
 * <ul>
 *   <li>{@code *sampling-rate}, {@code *sampling-probability}, {@code *probability}: a number in [0, 1];
 *   <li>{@code *url}, {@code *uri}, {@code *endpoint}: an absolute http(s) URL that parses;
 *   <li>{@code *regex}, {@code *pattern}: a regular expression that compiles;
 *   <li>{@code *json-schema}: a JSON Schema document (draft 2020-12) that the draft's meta-schema accepts.
 * </ul>
 *
 * Secrets ({@code {cipher}}) are not inspected.
 */
public final class PlatformRules implements ConfigRule {

    private final Schema metaSchema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

    @Override
    public List<FieldError> check(String application, SortedMap<String, Object> properties) {
        List<FieldError> errors = new ArrayList<>();
        properties.forEach((key, value) -> {
            if (Secrets.isSecret(value)) {
                return;
            }
            String last = lastSegment(key);
            if (last.endsWith("sampling-rate") || last.endsWith("probability") || last.endsWith("sampling-ratio")) {
                checkRate(key, value, errors);
            } else if (last.endsWith("url") || last.endsWith("uri") || last.endsWith("endpoint")) {
                checkUrl(key, value, errors);
            } else if (last.endsWith("regex") || last.endsWith("pattern")) {
                checkRegex(key, value, errors);
            } else if (last.endsWith("json-schema")) {
                checkJsonSchema(key, value, errors);
            }
        });
        return errors;
    }

    /** {@code a.b[0].sampling-rate} → {@code sampling-rate}, lower case, camelCase spelt kebab-case. */
    static String lastSegment(String key) {
        String last = key.substring(key.lastIndexOf('.') + 1).replaceAll("\\[\\d+]$", "");
        return last.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static void checkRate(String key, Object value, List<FieldError> errors) {
        Double rate = null;
        if (value instanceof Number n) {
            rate = n.doubleValue();
        } else if (value instanceof String s) {
            try {
                rate = Double.parseDouble(s.strip());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        if (rate == null || rate.isNaN() || rate < 0 || rate > 1) {
            errors.add(new FieldError(key, "must be a number from 0 to 1, was " + value, "platform:rate"));
        }
    }

    private static void checkUrl(String key, Object value, List<FieldError> errors) {
        String text = String.valueOf(value).strip();
        if (text.isEmpty()) {
            return; // empty means "not set", which the service's own defaults cover
        }
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                errors.add(new FieldError(key, "must be an absolute http(s) URL, was " + text, "platform:url"));
            }
        } catch (URISyntaxException e) {
            errors.add(new FieldError(key, "is not a URL: " + e.getMessage(), "platform:url"));
        }
    }

    private void checkJsonSchema(String key, Object value, List<FieldError> errors) {
        String problem;
        try {
            List<com.networknt.schema.Error> found = metaSchema.validate(String.valueOf(value), InputFormat.JSON);
            problem = found.isEmpty()
                    ? null
                    : found.stream().limit(3).map(Object::toString).collect(Collectors.joining("; "));
        } catch (RuntimeException e) {
            problem = "does not parse: " + e.getMessage();
        }
        if (problem != null) {
            errors.add(new FieldError(
                    key, "is not a valid JSON Schema (draft 2020-12): " + problem, "platform:json-schema"));
        }
    }

    private static void checkRegex(String key, Object value, List<FieldError> errors) {
        try {
            Pattern.compile(String.valueOf(value));
        } catch (PatternSyntaxException e) {
            errors.add(
                    new FieldError(key, "is not a valid regular expression: " + e.getDescription(), "platform:regex"));
        }
    }
}
