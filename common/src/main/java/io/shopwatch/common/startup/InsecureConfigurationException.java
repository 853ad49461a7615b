package io.shopwatch.common.startup;

import java.util.List;

/** The configuration is not safe to run with outside a development machine; the service does not start. */
public class InsecureConfigurationException extends RuntimeException {

    private final List<String> problems;

    public InsecureConfigurationException(List<String> problems) {
        super("refusing to start: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One line per problem, each naming the environment variable to set. */
    public List<String> problems() {
        return problems;
    }
}
