package io.shopwatch.config.server;

import io.shopwatch.config.gray.GrayReleases;
import io.shopwatch.config.release.ConfigStore;
import io.shopwatch.config.web.Callers;
import java.time.Clock;
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
            ConfigStore store, GrayReleases grays, Callers callers, SecretReader secrets) {
        return new ReleaseEnvironmentRepository(store, grays, callers, secrets);
    }

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
