package io.shopwatch.config.bind;

import io.shopwatch.config.gray.GrayStore;
import io.shopwatch.config.server.SecretReader;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The dry-run bind of a publish against the application's running instances. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DryRunProperties.class)
public class DryRunConfiguration {

    @Bean
    DryRunBind dryRunBind(
            GrayStore instances,
            SecretReader secrets,
            DryRunProperties properties,
            @Value("${shopwatch.openobserve.user:}") String user,
            @Value("${shopwatch.openobserve.password:}") String password,
            Clock clock) {
        return new DryRunBind(instances, secrets, properties, DryRunBind.authorization(user, password), clock);
    }
}
