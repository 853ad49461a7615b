package io.shopwatch.alert.notificationlog;

import io.shopwatch.alert.ha.LeaseManager;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The notification log in PostgreSQL. */
@Configuration(proxyBeanMethods = false)
public class NotificationLogConfiguration {

    @Bean
    JdbcNotificationLog notificationLog(DataSource dataSource, LeaseManager lease) {
        return new JdbcNotificationLog(dataSource, lease);
    }
}
