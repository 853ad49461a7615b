package io.shopwatch.config.server;

/** How a stored value is handed to a config-protocol caller: secrets in clear to services, masked to anyone else. */
@FunctionalInterface
public interface SecretReader {

    Object read(Object stored, boolean inClear);
}
