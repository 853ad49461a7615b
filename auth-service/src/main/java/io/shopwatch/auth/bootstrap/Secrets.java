package io.shopwatch.auth.bootstrap;

/**
 * The checked start-up secrets: what {@link StartupChecks} let through. Never logged, never returned by an API.
 *
 * @param devMode whether the service runs in the local stack
 * @param adminUsername the bootstrap administrator's user name (lower case)
 * @param adminPassword the bootstrap administrator's password
 * @param secretKey the key-encryption secret for signing keys
 * @param internalSecret the gateway's shared secret
 */
public record Secrets(
        boolean devMode, String adminUsername, String adminPassword, String secretKey, String internalSecret) {

    @Override
    public String toString() {
        return "Secrets[devMode=" + devMode + ", adminUsername=" + adminUsername + ", values hidden]";
    }
}
