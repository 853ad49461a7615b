package io.shopwatch.auth.user;

import java.util.Locale;
import java.util.regex.Pattern;

/** User names: lower case, unique across the platform, usable as e-mail addresses. */
public final class Usernames {

    public static final String PATTERN = "[a-z0-9][a-z0-9._@+-]{0,127}";
    public static final String RULE =
            "1 to 128 characters: lower-case letters, digits and . _ @ + -, starting with a letter or digit";

    private static final Pattern VALID = Pattern.compile(PATTERN);

    private Usernames() {}

    public static String normalise(String username) {
        return username == null ? null : username.trim().toLowerCase(Locale.ROOT);
    }

    public static boolean isValid(String username) {
        return username != null && VALID.matcher(username).matches();
    }
}
