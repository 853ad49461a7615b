package io.shopwatch.auth.state;

import io.shopwatch.auth.bootstrap.Secrets;
import io.shopwatch.auth.user.PasswordHashing;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** The state API's exporter (backup-service's export and import of an org's users, roles and API keys). */
@Configuration(proxyBeanMethods = false)
public class AuthStateConfiguration {

    @Bean
    AuthStateExporter authStateExporter(
            JdbcTemplate jdbc,
            TransactionTemplate transactions,
            Secrets secrets,
            PasswordHashing passwords,
            Clock clock) {
        return new AuthStateExporter(jdbc, transactions, new StateCipher(secrets.secretKey()), passwords, clock);
    }
}
