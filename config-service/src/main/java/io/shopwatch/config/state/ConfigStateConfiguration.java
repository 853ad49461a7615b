package io.shopwatch.config.state;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** The state API's exporter (backup-service's export and import of the org's configuration). */
@Configuration(proxyBeanMethods = false)
public class ConfigStateConfiguration {

    @Bean
    ConfigStateExporter configStateExporter(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock) {
        return new ConfigStateExporter(jdbc, transactions, clock);
    }
}
