package io.shopwatch.gateway.ratelimit;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Whether the gateway keeps its rate limit buckets in Redis: exactly when {@value #URL_PROPERTY} (the environment
 * variable {@code REDIS_URL}) is set. Otherwise nothing about Redis is even configured, so nothing tries to reach it.
 */
public final class RedisMode {

    /** The property that switches Redis mode on. */
    public static final String URL_PROPERTY = "spring.data.redis.url";

    private RedisMode() {}

    public static boolean isOn(Environment environment) {
        return StringUtils.hasText(environment.getProperty(URL_PROPERTY));
    }

    /** Matches in Redis mode. */
    static final class On implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return isOn(context.getEnvironment());
        }
    }

    /** Matches in in-memory mode. */
    static final class Off implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !isOn(context.getEnvironment());
        }
    }
}
