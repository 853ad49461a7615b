package io.shopwatch.common.startup;

import java.util.Objects;
import java.util.Set;

/**
 * A credential whose default, or a value the local stack or the documentation hands out, is a well-known development
 * value: a service outside dev mode refuses to start while the credential holds one of them.
 *
 * @param property the Spring property the service reads it from (checked only where the service defines it)
 * @param variable the environment variable an operator sets, named in the refusal
 * @param developmentValues the default in application.yml and every other value published for development
 */
public record DevDefault(String property, String variable, Set<String> developmentValues) {

    public DevDefault {
        Objects.requireNonNull(property, "property");
        Objects.requireNonNull(variable, "variable");
        developmentValues = Set.copyOf(developmentValues);
    }

    /** A check of {@code property} set through {@code variable} against the given development values. */
    public static DevDefault of(String property, String variable, String... developmentValues) {
        return new DevDefault(property, variable, Set.of(developmentValues));
    }

    /** Whether {@code value} is one of the development values. */
    public boolean isDevelopmentValue(String value) {
        return value != null && developmentValues.contains(value);
    }

    /** The one line that names what to set. */
    public String problem() {
        return variable + " is a development default (" + property + "); set " + variable
                + " to this deployment's own value, or " + DevDefaults.DEV_MODE_VARIABLE
                + "=true for a local development run";
    }
}
