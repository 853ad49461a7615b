package io.shopwatch.alert.escalation;

import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Escalations in progress, in PostgreSQL. */
@Configuration(proxyBeanMethods = false)
public class EscalationConfiguration {

    @Bean
    JdbcEscalations escalations(DataSource dataSource) {
        return new JdbcEscalations(dataSource);
    }
}
