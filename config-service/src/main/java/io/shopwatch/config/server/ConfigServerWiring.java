package io.shopwatch.config.server;

import io.shopwatch.config.release.ConfigStore;
import io.shopwatch.config.release.DraftSealer;
import io.shopwatch.config.release.Secrets;
import io.shopwatch.config.web.Callers;
import java.time.Clock;
import java.util.TreeMap;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.config.server.EnableConfigServer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The embedded Config Server, reading ShopWatch's releases instead of git. */
@Configuration(proxyBeanMethods = false)
@EnableConfigServer
public class ConfigServerWiring {

    @Bean
    ReleaseEnvironmentRepository releaseEnvironmentRepository(
            ConfigStore store, Callers callers, SecretReader secrets) {
        return new ReleaseEnvironmentRepository(store, callers, secrets);
    }

    /** Without an encryption key configured, secrets are only ever masked. */
    @Bean
    @ConditionalOnMissingBean
    SecretReader maskingSecretReader() {
        return (stored, inClear) -> Secrets.mask(stored);
    }

    @Bean
    @ConditionalOnMissingBean
    DraftSealer verbatimDraftSealer() {
        return (written, previous) -> new TreeMap<>(written);
    }

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
