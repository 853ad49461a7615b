package io.shopwatch.democlient;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * {@link DemoService} with Spring Boot's auto-configuration, so that Spring Cloud Bus (and its Spring Cloud Stream
 * Kafka binder, on config-service's classpath) runs in it as in any service that adds the bus starter. The database
 * pieces of config-service's classpath are left out: the demo has none.
 */
@Configuration(proxyBeanMethods = false)
@Import(DemoService.class)
@EnableAutoConfiguration(
        excludeName = {
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
            "io.shopwatch.common.db.EmbeddedPostgresAutoConfiguration"
        })
public class BusDemoService {}
