package io.shopwatch.gateway.health;

import io.shopwatch.common.security.AccessTokenVerifier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.ObjectMapper;

/** {@code /health/{service}}: the status for everybody, the details for admins only. */
@Configuration(proxyBeanMethods = false)
class HealthConfiguration {

    @Bean
    HealthDetailsFilter healthDetailsFilter(ObjectProvider<AccessTokenVerifier> verifier, ObjectMapper mapper) {
        return new HealthDetailsFilter(verifier.getIfAvailable(), mapper);
    }
}
