package io.shopwatch.metrics.promql;

import java.util.regex.Pattern;

/**
 * A label matcher: {@code =}, {@code !=}, {@code =~}, {@code !~}. Regular expressions are fully anchored, as in
 * Prometheus; an absent label matches as the empty string.
 */
public record Matcher(String name, String op, String value, Pattern pattern) {

    public static Matcher of(String name, String op, String value) {
        Pattern pattern = op.equals("=~") || op.equals("!~") ? Pattern.compile("^(?:" + value + ")$") : null;
        return new Matcher(name, op, value, pattern);
    }

    public boolean matches(String actual) {
        String v = actual == null ? "" : actual;
        return switch (op) {
            case "=" -> v.equals(value);
            case "!=" -> !v.equals(value);
            case "=~" -> pattern.matcher(v).matches();
            case "!~" -> !pattern.matcher(v).matches();
            default -> throw new IllegalStateException(op);
        };
    }
}
