package io.shopwatch.alert.state;

import io.shopwatch.alert.alertmanager.Alertmanagers;
import io.shopwatch.alert.rule.AlertRuleEngine;
import io.shopwatch.alert.secrets.SecretBox;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The state API's exporter (backup-service's export and import of the org's alerting state). */
@Configuration(proxyBeanMethods = false)
public class AlertStateConfiguration {

    @Bean
    AlertStateExporter alertStateExporter(
            DataSource dataSource,
            SecretBox secretBox,
            Alertmanagers alertmanagers,
            AlertRuleEngine engine,
            Clock clock) {
        return new AlertStateExporter(dataSource, secretBox, alertmanagers, engine, clock);
    }
}
