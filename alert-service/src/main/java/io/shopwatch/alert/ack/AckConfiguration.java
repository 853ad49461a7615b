package io.shopwatch.alert.ack;

import io.shopwatch.alert.notify.NotificationProperties;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Acknowledgements of groups and the signed links notifications carry. */
@Configuration(proxyBeanMethods = false)
public class AckConfiguration {

    @Bean
    JdbcGroupAcks groupAcks(DataSource dataSource) {
        return new JdbcGroupAcks(dataSource);
    }

    @Bean
    NotificationLinks notificationLinks(DataSource dataSource, NotificationProperties properties) {
        SharedKeys keys = new SharedKeys(dataSource);
        byte[] configured = properties.ackLinkKey().isBlank()
                ? null
                : java.util.Base64.getDecoder().decode(properties.ackLinkKey().trim());
        return new NotificationLinks(
                properties.publicUrl(),
                properties.logSearchUrl(),
                properties.ackLinkValidity(),
                () -> configured != null ? configured : keys.get("ack-link"));
    }
}
