package io.shopwatch.alert.matcher;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.shopwatch.alert.core.AlertmanagerStrings;
import io.shopwatch.alert.core.LabelSet;
import java.util.Objects;

/**
 * A label matcher ({@code =}, {@code !=}, {@code =~}, {@code !~}). Regular expressions are RE2, anchored at both ends,
 * as in Alertmanager; a missing label matches like an empty value.
 */
public final class Matcher implements Comparable<Matcher> {

    /** The four kinds of matcher. */
    public enum Type {
        EQUAL("="),
        NOT_EQUAL("!="),
        REGEX("=~"),
        NOT_REGEX("!~");

        private final String operator;

        Type(String operator) {
            this.operator = operator;
        }

        public String operator() {
            return operator;
        }

        public boolean isRegex() {
            return this == REGEX || this == NOT_REGEX;
        }

        public boolean isEqual() {
            return this == EQUAL || this == REGEX;
        }

        public static Type of(boolean isRegex, boolean isEqual) {
            if (isRegex) {
                return isEqual ? REGEX : NOT_REGEX;
            }
            return isEqual ? EQUAL : NOT_EQUAL;
        }
    }

    private final String name;
    private final Type type;
    private final String value;
    private final Pattern pattern;

    private Matcher(String name, Type type, String value) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.value = Objects.requireNonNull(value, "value");
        this.pattern = type.isRegex() ? Pattern.compile("^(?:" + value + ")$", Pattern.DOTALL) : null;
    }

    /**
     * A matcher; throws {@link IllegalArgumentException} for an empty name or an invalid regular expression.
     */
    public static Matcher of(String name, Type type, String value) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("matcher has an empty label name");
        }
        try {
            return new Matcher(name, type, value);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(
                    "invalid regular expression " + AlertmanagerStrings.quote(value) + ": " + e.getDescription());
        }
    }

    public static Matcher equal(String name, String value) {
        return of(name, Type.EQUAL, value);
    }

    public static Matcher regex(String name, String value) {
        return of(name, Type.REGEX, value);
    }

    public String name() {
        return name;
    }

    public Type type() {
        return type;
    }

    public String value() {
        return value;
    }

    /** Whether a value matches. */
    public boolean matches(String v) {
        return switch (type) {
            case EQUAL -> value.equals(v);
            case NOT_EQUAL -> !value.equals(v);
            case REGEX -> pattern.matches(v);
            case NOT_REGEX -> !pattern.matches(v);
        };
    }

    /** Whether the label of a label set matches (absent counts as empty). */
    public boolean matches(LabelSet labels) {
        return matches(labels.get(name));
    }

    /** Alertmanager's form: {@code name="value"}, names quoted when they are not classic label names. */
    @Override
    public String toString() {
        return MatcherParser.formatName(name) + type.operator() + AlertmanagerStrings.quote(value);
    }

    @Override
    public int compareTo(Matcher o) {
        int c = name.compareTo(o.name);
        if (c != 0) {
            return c;
        }
        c = value.compareTo(o.value);
        return c != 0 ? c : type.compareTo(o.type);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Matcher m && name.equals(m.name) && type == m.type && value.equals(m.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, value);
    }
}
