package io.shopwatch.config.release;

/** How secret values look outside the service: a {@code {cipher}} value is never shown in clear. */
public final class Secrets {

    /** Prefix of a secret value, as in Spring Cloud Config. */
    public static final String CIPHER = "{cipher}";

    /** What the API shows instead of a secret. */
    public static final String MASKED = CIPHER + "******";

    private Secrets() {}

    public static boolean isSecret(Object value) {
        return value instanceof String s && s.startsWith(CIPHER);
    }

    /** The value as the API may show it. */
    public static Object mask(Object value) {
        return isSecret(value) ? MASKED : value;
    }
}
