package io.shopwatch.alert.outbox;

import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The durable outbox in PostgreSQL. */
@Configuration(proxyBeanMethods = false)
public class OutboxConfiguration {

    @Bean
    JdbcOutbox outbox(DataSource dataSource) {
        return new JdbcOutbox(dataSource);
    }
}
