package io.shopwatch.gateway.ratelimit;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Leaves out Spring Boot's Redis auto-configuration (connection factory, templates, health, repositories) unless
 * {@code REDIS_URL} is set: the Redis client is on the class path for Redis mode only, and without this the health
 * endpoint would try to reach a Redis on localhost.
 */
public final class RedisAutoConfigurationFilter implements AutoConfigurationImportFilter, EnvironmentAware {

    static final String REDIS_AUTO_CONFIGURATION_PACKAGE = "org.springframework.boot.data.redis.";

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata autoConfigurationMetadata) {
        boolean redis = environment != null && RedisMode.isOn(environment);
        boolean[] matches = new boolean[autoConfigurationClasses.length];
        for (int i = 0; i < autoConfigurationClasses.length; i++) {
            String candidate = autoConfigurationClasses[i];
            matches[i] = redis || candidate == null || !candidate.startsWith(REDIS_AUTO_CONFIGURATION_PACKAGE);
        }
        return matches;
    }
}
