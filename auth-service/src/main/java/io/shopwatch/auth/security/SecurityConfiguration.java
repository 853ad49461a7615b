package io.shopwatch.auth.security;

import io.shopwatch.auth.apikey.ApiKeyService;
import io.shopwatch.auth.bootstrap.Secrets;
import io.shopwatch.common.security.AccessTokenVerifier;
import io.shopwatch.common.security.servlet.PlatformCredentialFilter;
import jakarta.servlet.Filter;
import java.util.List;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Who may call what, before any controller runs. Public: login, refresh, logout, the JWK set, health, metrics and
 * the API document. {@code /internal/**}: the gateway's shared secret. Everything else a controller serves: a valid
 * access token or API key; the controllers then check role and org through {@link AccessPolicy}. Stateless: no
 * session, no cookie, hence no CSRF token.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    /** Authority of the gateway on {@code /internal/**}. */
    public static final String INTERNAL = "INTERNAL";

    /** Authority of platform administrators. */
    public static final String PLATFORM_ADMIN = "PLATFORM_ADMIN";

    @Bean
    SecurityFilterChain securityFilterChain(
            HttpSecurity http,
            AccessTokenVerifier verifier,
            ApiKeyService apiKeys,
            Secrets secrets,
            RefusalLog refusals,
            @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings,
            Environment environment)
            throws Exception {
        DeniedRequestHandler denied = new DeniedRequestHandler(refusals);
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .exceptionHandling(
                        errors -> errors.authenticationEntryPoint(denied).accessDeniedHandler(denied))
                .addFilterBefore(
                        new InternalSecretFilter(secrets.internalSecret()), AnonymousAuthenticationFilter.class)
                .addFilterBefore(new CredentialFilter(verifier, apiKeys), AnonymousAuthenticationFilter.class)
                .addFilterBefore(platformCredentials(environment), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests.requestMatchers(
                                "/api/v1/auth/login", "/api/v1/auth/refresh", "/api/v1/auth/logout")
                        .permitAll()
                        .requestMatchers("/.well-known/jwks.json")
                        .permitAll()
                        .requestMatchers(
                                "/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus")
                        .permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
                        .permitAll()
                        .requestMatchers("/error")
                        .permitAll()
                        .requestMatchers("/actuator/**")
                        .denyAll()
                        .requestMatchers("/internal/**")
                        .hasAuthority(INTERNAL)
                        .requestMatchers(new UnmappedRequestMatcher(mappings))
                        .permitAll()
                        .anyRequest()
                        .authenticated());
        return http.build();
    }

    /**
     * backup-service's calls of the state API with the platform credentials (the OpenObserve user and password every
     * service is configured with, HTTP Basic): an admin of the org the {@code org} parameter names, on the state paths
     * only. Without the credentials configured the filter matches nothing.
     */
    private static Filter platformCredentials(Environment environment) {
        String user = environment.getProperty("shopwatch.openobserve.user", "");
        String password = environment.getProperty("shopwatch.openobserve.password", "");
        if (user.isBlank() || password.isBlank()) {
            return (request, response, chain) -> chain.doFilter(request, response);
        }
        return new PlatformCredentialFilter(
                user, password, List.of(), List.of("/api/v1/auth/state/export", "/api/v1/auth/state/import"));
    }
}
