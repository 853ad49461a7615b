package io.shopwatch.auth.bootstrap;

import io.shopwatch.auth.keys.KeyEncryptor;
import io.shopwatch.auth.user.PasswordPolicy;
import io.shopwatch.auth.user.PasswordProperties;
import io.shopwatch.common.startup.DevDefaults;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The start-up checks, what is made from the secrets they let through, the password policy and the clock everything
 * reads time from.
 */
@Configuration(proxyBeanMethods = false)
public class BootstrapConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    PasswordPolicy passwordPolicy(PasswordProperties properties) {
        return new PasswordPolicy(properties.minLength());
    }

    /** Fails the start (before any database work) when the configuration is not safe outside the local stack. */
    @Bean
    Secrets secrets(BootstrapProperties properties, PasswordPolicy policy, Environment environment) {
        return StartupChecks.check(properties, DevDefaults.devMode(environment), policy);
    }

    /** The signing keys' encryption at rest, from the checked SHOPWATCH_SECRET_KEY. */
    @Bean
    KeyEncryptor keyEncryptor(Secrets secrets) {
        return new KeyEncryptor(secrets.secretKey());
    }
}
