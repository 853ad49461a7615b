package io.shopwatch.auth.keys;

import io.shopwatch.auth.audit.AuditLog;
import io.shopwatch.common.security.AccessTokenVerifier;
import java.time.Clock;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Signing keys (created on first start, encrypted by the {@link KeyEncryptor} that bootstrap makes from
 * SHOPWATCH_SECRET_KEY) and the verifier over them.
 */
@Configuration(proxyBeanMethods = false)
public class KeyConfiguration {

    @Bean(initMethod = "initialize")
    @DependsOnDatabaseInitialization
    SigningKeys signingKeys(
            SigningKeyRepository repository,
            KeyEncryptor encryptor,
            PlatformTransactionManager transactions,
            TokenProperties tokens,
            KeyProperties keys,
            AuditLog audit,
            Clock clock) {
        return new SigningKeys(repository, encryptor, transactions, tokens, keys, audit, clock);
    }

    /** auth-service verifies its own tokens with the same code the gateway and the services use. */
    @Bean
    AccessTokenVerifier accessTokenVerifier(SigningKeys keys, TokenProperties tokens, Clock clock) {
        return new AccessTokenVerifier(keys, tokens.issuer(), tokens.audience(), tokens.clockSkew(), clock);
    }
}
