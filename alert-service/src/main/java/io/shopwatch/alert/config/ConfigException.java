package io.shopwatch.alert.config;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration text that is not valid; {@link #errors()} says where and why. */
public class ConfigException extends RuntimeException {

    private final List<ConfigError> errors;

    public ConfigException(List<ConfigError> errors) {
        super(errors.stream().map(ConfigError::toString).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public List<ConfigError> errors() {
        return errors;
    }
}
