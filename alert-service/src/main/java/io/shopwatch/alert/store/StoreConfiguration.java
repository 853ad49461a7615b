package io.shopwatch.alert.store;

import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The alert store and its PostgreSQL persistence. */
@Configuration(proxyBeanMethods = false)
public class StoreConfiguration {

    @Bean
    JdbcAlertPersistence alertPersistence(DataSource dataSource) {
        return new JdbcAlertPersistence(dataSource);
    }

    @Bean
    AlertStore alertStore(Clock clock, JdbcAlertPersistence persistence) {
        return new AlertStore(clock, persistence);
    }
}
