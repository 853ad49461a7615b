package io.shopwatch.alert.api;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.web.SecurityFilterChain;

/**
 * One-click acknowledgement links need no access token: the signed token in their path is their credential, checked
 * by {@link AckLinkController}. This chain comes before the service's token chain and covers those paths only.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "shopwatch.security", name = "enabled", matchIfMissing = true)
public class AckLinkSecurity {

    @Bean
    @Order(0)
    SecurityFilterChain ackLinkFilterChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/api/v1/alerts/ack/**")
                .csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .authorizeHttpRequests(r -> r.anyRequest().permitAll());
        return http.build();
    }
}
