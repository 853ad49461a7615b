package io.shopwatch.alert.secrets;

import java.nio.file.Path;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The key that channel secrets are encrypted with at rest: {@code ALERT_SECRETS_KEY}, or a key file by default. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecretsProperties.class)
public class SecretsConfiguration {

    @Bean
    SecretBox secretBox(SecretsProperties properties) {
        if (properties.key().isBlank()) {
            return SecretBox.fromKeyFile(Path.of(properties.keyFile()), properties.previousKeys());
        }
        return SecretBox.fromBase64(properties.key(), properties.previousKeys());
    }
}
