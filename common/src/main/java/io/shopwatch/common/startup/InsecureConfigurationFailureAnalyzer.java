package io.shopwatch.common.startup;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a refused configuration into Spring Boot's short "APPLICATION FAILED TO START" report, a line a problem. */
public class InsecureConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InsecureConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InsecureConfigurationException cause) {
        StringBuilder description = new StringBuilder("The service refuses to start with this configuration:");
        cause.problems().forEach(problem -> description.append("\n  - ").append(problem));
        return new FailureAnalysis(
                description.toString(),
                "Set the variables named above to this deployment's own values, or set " + DevDefaults.DEV_MODE_VARIABLE
                        + "=true for a local development run.",
                cause);
    }
}
