package io.shopwatch.config.release;

import io.shopwatch.common.web.ShopWatchException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What one piece of configuration belongs to: an application (a service's {@code spring.application.name}) in one
 * profile (an environment such as {@code prod}, or {@code default}), within one organisation.
 */
public record Target(String org, String application, String profile) {

    private static final Pattern APPLICATION = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9._-]{0,127}");
    private static final Pattern PROFILE = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_-]{0,63}");

    public Target {
        Objects.requireNonNull(org, "org");
        if (application == null || !APPLICATION.matcher(application).matches()) {
            throw ShopWatchException.invalid("application must be 1 to 128 letters, digits, '.', '_' or '-'");
        }
        if (profile == null || !PROFILE.matcher(profile).matches()) {
            throw ShopWatchException.invalid("profile must be 1 to 64 letters, digits, '_' or '-'");
        }
    }

    @Override
    public String toString() {
        return org + "/" + application + "/" + profile;
    }
}
