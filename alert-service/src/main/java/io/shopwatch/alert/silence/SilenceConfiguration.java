package io.shopwatch.alert.silence;

import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Silences in PostgreSQL. */
@Configuration(proxyBeanMethods = false)
public class SilenceConfiguration {

    @Bean
    JdbcSilenceRepository silenceRepository(DataSource dataSource) {
        return new JdbcSilenceRepository(dataSource);
    }
}
