package io.shopwatch.auth.bootstrap;

import java.util.List;

/** The configuration is not safe to run with; the service does not start. */
public class InsecureConfigurationException extends RuntimeException {

    private final List<String> problems;

    public InsecureConfigurationException(List<String> problems) {
        super("auth-service refuses to start: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
