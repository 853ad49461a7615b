package io.shopwatch.alert.config;

import io.shopwatch.alert.secrets.SecretBox;
import javax.sql.DataSource;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The stored Alertmanager configurations, encrypted. */
@Configuration(proxyBeanMethods = false)
public class ConfigConfiguration {

    /** The stored configurations, after every plain-text (or previous-key) version was encrypted with the key. */
    @Bean
    @DependsOnDatabaseInitialization
    ConfigRepository configRepository(DataSource dataSource, SecretBox secretBox) {
        ConfigRepository repository = new ConfigRepository(dataSource, secretBox);
        repository.encryptStored();
        return repository;
    }
}
