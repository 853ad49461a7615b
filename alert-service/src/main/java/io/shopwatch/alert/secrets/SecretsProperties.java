package io.shopwatch.alert.secrets;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Encryption of channel secrets at rest, under {@code shopwatch.alert.secrets}.
 *
 * @param key base64 of the 32-byte AES key new values are encrypted with; empty to use (and create) {@code keyFile}
 * @param previousKeys base64 keys of earlier rotations, still read; values under them are re-encrypted at start-up
 * @param keyFile where the key is kept when {@code key} is empty; created on first start, owner-only
 */
@ConfigurationProperties(prefix = "shopwatch.alert.secrets")
public record SecretsProperties(
        @DefaultValue("") String key,
        @DefaultValue("") List<String> previousKeys,

        @DefaultValue("data/alert-service/alert-secrets.key")
        String keyFile) {

    public SecretsProperties {
        previousKeys = previousKeys == null ? List.of() : List.copyOf(previousKeys);
    }

    @Override
    public String toString() {
        return "SecretsProperties[key " + (key.isBlank() ? "unset" : "set") + ", " + previousKeys.size()
                + " previous key(s), keyFile " + keyFile + "]";
    }
}
