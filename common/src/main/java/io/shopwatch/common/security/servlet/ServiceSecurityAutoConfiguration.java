package io.shopwatch.common.security.servlet;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.shopwatch.common.security.AccessTokenVerifier;
import io.shopwatch.common.security.VerificationKeys;
import io.shopwatch.common.security.metrics.JwksFetchMetrics;
import io.shopwatch.common.security.settings.TokenCheckProperties;
import io.shopwatch.common.web.ProblemBodies;
import io.shopwatch.common.web.ProblemType;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderNotFoundException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Token checks for every MVC service that has Spring Security on its classpath: each request needs a valid access
 * token from auth-service ({@code Authorization: Bearer}, verified against the JWK set at {@code
 * shopwatch.security.jwks-url}), except health, info, Prometheus metrics (scraped on the private network) and the
 * API document. Roles: the path rules of {@code shopwatch.security.rules} first, then {@code read-role} for GET/HEAD
 * and {@code write-role} for everything else. Controllers scope to the caller's org through {@link CurrentIdentity}, or
 * through the {@link OrgResolver} declared here (the token's org; the {@link HeaderOrgResolver} without token checks).
 *
 * <p>Backs off when the application declares its own {@link SecurityFilterChain} (auth-service, which issues the
 * tokens). With {@code shopwatch.security.enabled=false} every request is let through (for tests, and for an
 * application such as the embedded store that runs in a JVM with Spring Security on the classpath and checks its own
 * credentials), rather than falling back to Spring Boot's generated-password default.
 */
@AutoConfiguration(
        beforeName = {
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration"
        })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({SecurityFilterChain.class, HttpSecurity.class})
@ConditionalOnMissingBean(SecurityFilterChain.class)
@EnableConfigurationProperties(ServiceSecurityProperties.class)
public class ServiceSecurityAutoConfiguration {

    /** Paths served without a token. */
    public static final String[] PUBLIC_PATHS = {
        "/actuator/health",
        "/actuator/health/**",
        "/actuator/info",
        "/actuator/prometheus",
        "/v3/api-docs",
        "/v3/api-docs/**",
        "/swagger-ui.html",
        "/swagger-ui/**",
        "/error"
    };

    /**
     * The config client's dry-run bind ({@code io.shopwatch.common.config.ConfigBindCheckController}): config-service
     * calls it on a service's instances with the platform credentials, which are an admin of the {@code org} query
     * parameter's org here on every service (the path exists only where the config client is enabled).
     */
    public static final String CONFIG_BIND_CHECK_PATH = "/config-client/bind-check";

    /** No passwords anywhere: keeps Spring Boot from generating a default user. */
    @Bean
    @ConditionalOnMissingBean
    AuthenticationManager shopwatchNoPasswordAuthentication() {
        return authentication -> {
            throw new ProviderNotFoundException("services accept access tokens only");
        };
    }

    /**
     * Spring Security's firewall ({@code StrictHttpFirewall}) refuses what common's {@code PathFirewallFilter} let
     * through (it runs first and refuses every path form that could be read as another path): the answer is 400
     * problem+json with the firewall's reason instead of a bare 400.
     */
    @Bean
    @ConditionalOnMissingBean
    RequestRejectedHandler shopwatchRequestRejectedHandler() {
        return (request, response, rejected) -> {
            String reason = rejected.getMessage() == null ? "" : rejected.getMessage();
            ProblemType type = reason.contains("URL") ? ProblemType.PATH_REFUSED : ProblemType.VALIDATION;
            ProblemBodies.write(response, type, reason.isEmpty() ? type.title() : reason, request.getRequestURI());
        };
    }

    /** Token checks and roles (the default). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "shopwatch.security", name = "enabled", matchIfMissing = true)
    static class TokenSecurity {

        /** The token checks, under the same {@code shopwatch.security} prefix. */
        @Bean
        @ConditionalOnMissingBean
        TokenCheckProperties shopwatchTokenChecks(Environment environment) {
            return TokenCheckProperties.bind(environment, "shopwatch.security");
        }

        @Bean
        @ConditionalOnMissingBean
        VerificationKeys shopwatchVerificationKeys(
                TokenCheckProperties tokenChecks, ObjectProvider<MeterRegistry> meters) {
            return tokenChecks.remoteJwks(
                    new JwksFetchMetrics(meters.getIfAvailable(() -> Metrics.globalRegistry)), Clock.systemUTC());
        }

        @Bean
        @ConditionalOnMissingBean
        AccessTokenVerifier shopwatchAccessTokenVerifier(TokenCheckProperties tokenChecks, VerificationKeys keys) {
            return tokenChecks.verifier(keys, Clock.systemUTC());
        }

        /** The org of a request: the verified access token's, the only one the caller may read or write. */
        @Bean
        @ConditionalOnMissingBean
        OrgResolver shopwatchOrgResolver() {
            return request -> CurrentIdentity.get().org();
        }

        @Bean
        SecurityFilterChain shopwatchServiceSecurityFilterChain(
                HttpSecurity http,
                ServiceSecurityProperties properties,
                AccessTokenVerifier verifier,
                Environment environment)
                throws Exception {
            SecurityProblems problems = new SecurityProblems();
            PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
            http.csrf(AbstractHttpConfigurer::disable)
                    .httpBasic(AbstractHttpConfigurer::disable)
                    .formLogin(AbstractHttpConfigurer::disable)
                    .logout(AbstractHttpConfigurer::disable)
                    .requestCache(AbstractHttpConfigurer::disable)
                    .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                    .exceptionHandling(
                            errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                    .addFilterBefore(new BearerTokenFilter(verifier), AnonymousAuthenticationFilter.class)
                    .authorizeHttpRequests(requests -> {
                        // The original request was authorized; its async (SSE, streaming) and error dispatches are not
                        // checked again (the token filter runs once per request).
                        requests.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR)
                                .permitAll();
                        requests.requestMatchers(PUBLIC_PATHS).permitAll();
                        for (String pattern : properties.publicPaths()) {
                            requests.requestMatchers(paths.matcher(pattern)).permitAll();
                        }
                        requests.requestMatchers("/actuator/**").denyAll();
                        for (ServiceSecurityProperties.Rule rule : properties.rules()) {
                            RoleAuthorization access = new RoleAuthorization(rule.roles(), rule.platformAdminOnly());
                            for (String pattern : rule.paths()) {
                                if (rule.methods().isEmpty()) {
                                    requests.requestMatchers(paths.matcher(pattern))
                                            .access(access);
                                } else {
                                    for (String method : rule.methods()) {
                                        requests.requestMatchers(paths.matcher(HttpMethod.valueOf(method), pattern))
                                                .access(access);
                                    }
                                }
                            }
                        }
                        RoleAuthorization read = new RoleAuthorization(Set.of(properties.readRole()), false);
                        RoleAuthorization write = new RoleAuthorization(Set.of(properties.writeRole()), false);
                        requests.requestMatchers(paths.matcher(HttpMethod.GET, "/**"))
                                .access(read);
                        requests.requestMatchers(paths.matcher(HttpMethod.HEAD, "/**"))
                                .access(read);
                        requests.anyRequest().access(write);
                    });
            PlatformCredentialFilter platform = platformCredentials(properties, environment);
            if (platform != null) {
                // a Basic credential: the bearer-token filter beside it never acts on the same request
                http.addFilterBefore(platform, AnonymousAuthenticationFilter.class);
            }
            return http.build();
        }

        /**
         * The platform credentials' filter, when the service has the credentials: the paths named in the settings plus
         * {@link #CONFIG_BIND_CHECK_PATH}.
         */
        private static PlatformCredentialFilter platformCredentials(
                ServiceSecurityProperties properties, Environment environment) {
            String user = environment.getProperty("shopwatch.openobserve.user", "");
            String password = environment.getProperty("shopwatch.openobserve.password", "");
            if (user.isBlank() || password.isBlank()) {
                return null;
            }
            List<String> adminPaths = new ArrayList<>(properties.platformAdminPaths());
            adminPaths.add(CONFIG_BIND_CHECK_PATH);
            return new PlatformCredentialFilter(
                    user,
                    password,
                    properties.platformReadPaths(),
                    adminPaths,
                    properties.platformIngestPaths(),
                    properties.platformIngestOrg());
        }
    }

    /** {@code shopwatch.security.enabled=false}: every request is let through. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "shopwatch.security", name = "enabled", havingValue = "false")
    static class NoSecurity {

        /** Without token checks the org comes from the {@code X-ShopWatch-Org} header, {@code default} without it. */
        @Bean
        @ConditionalOnMissingBean
        OrgResolver shopwatchOrgResolver() {
            return new HeaderOrgResolver();
        }

        @Bean
        SecurityFilterChain shopwatchPermitAllFilterChain(HttpSecurity http) throws Exception {
            http.csrf(AbstractHttpConfigurer::disable)
                    .httpBasic(AbstractHttpConfigurer::disable)
                    .formLogin(AbstractHttpConfigurer::disable)
                    .logout(AbstractHttpConfigurer::disable)
                    .requestCache(AbstractHttpConfigurer::disable)
                    .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                    .authorizeHttpRequests(requests -> requests.anyRequest().permitAll());
            return http.build();
        }
    }
}
