package io.shopwatch.auth.bootstrap;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a refused configuration into Spring Boot's short "APPLICATION FAILED TO START" report. */
public class InsecureConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InsecureConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InsecureConfigurationException cause) {
        StringBuilder description = new StringBuilder("auth-service refuses to start outside the local stack:");
        cause.problems().forEach(problem -> description.append("\n  - ").append(problem));
        return new FailureAnalysis(
                description.toString(),
                "Set SHOPWATCH_ADMIN_PASSWORD (at least 12 characters, not a common word), SHOPWATCH_SECRET_KEY and"
                        + " SHOPWATCH_INTERNAL_SECRET (at least 32 random characters each), or set"
                        + " SHOPWATCH_DEV_MODE=true for a local development run.",
                cause);
    }
}
