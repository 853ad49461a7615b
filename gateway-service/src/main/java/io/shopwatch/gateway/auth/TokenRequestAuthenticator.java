package io.shopwatch.gateway.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.shopwatch.common.security.AccessTokenVerifier;
import io.shopwatch.common.security.BasicApiKey;
import io.shopwatch.common.security.IdentityHeaders;
import io.shopwatch.common.security.Role;
import io.shopwatch.common.security.TokenRejectedException;
import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.ShopWatchException;
import io.shopwatch.gateway.request.RequestContext;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Authenticates every routed request but the public ones ({@link RouteAccessPolicy}): a Bearer access token is
 * verified here against auth-service's JWK set (cached keys); an API key ({@code X-API-Key}, {@code Bearer swk_...}, or
 * the password of {@code Basic}, as log shippers send it: {@link BasicApiKey}) is exchanged for an access token at auth-service ({@link ApiKeyExchange}). Then the role and org the route needs
 * are checked. Downstream, services receive {@code Authorization: Bearer <access token>} and never the key; requests
 * to OpenObserve's API ({@code /api/{org}/**}) receive the platform's OpenObserve credentials instead of the caller's.
 * Refusals (401, 403) are reported to auth-service's audit log.
 */
public final class TokenRequestAuthenticator implements RequestAuthenticator {

    private final AccessTokenVerifier verifier;
    private final ApiKeyExchange apiKeys;
    private final DeniedRequestReporter reporter;
    private final RouteAccessPolicy policy;
    private final String openObserveAuthorization;
    private final Cache<String, io.shopwatch.common.security.Identity> verifiedTokens;
    private final Clock clock;

    public TokenRequestAuthenticator(
            AccessTokenVerifier verifier,
            ApiKeyExchange apiKeys,
            DeniedRequestReporter reporter,
            RouteAccessPolicy policy,
            GatewayAuthProperties properties,
            Clock clock) {
        this.verifier = verifier;
        this.apiKeys = apiKeys;
        this.reporter = reporter;
        this.policy = policy;
        this.clock = clock;
        this.openObserveAuthorization = properties.openObserveUser().isBlank()
                ? null
                : HttpHeaders.encodeBasicAuth(properties.openObserveUser(), properties.openObservePassword(), null);
        this.verifiedTokens = Caffeine.newBuilder()
                .maximumSize(properties.tokenCacheSize())
                .expireAfterWrite(Duration.ofMinutes(1))
                .build();
    }

    /** A verified caller and the token to send on. */
    private record Caller(io.shopwatch.common.security.Identity identity, String accessToken) {}

    @Override
    public Mono<Identity> authenticate(ServerWebExchange exchange) {
        String method = exchange.getRequest().getMethod().name();
        String path = exchange.getRequest().getPath().value();
        RouteAccessPolicy.Requirement requirement = policy.requirement(method, path);
        if (requirement.isPublic()) {
            return Mono.just(Identity.ANONYMOUS);
        }
        HttpHeaders headers = exchange.getRequest().getHeaders();
        String credential = IdentityHeaders.bearer(headers.getFirst(HttpHeaders.AUTHORIZATION));
        if (credential == null) {
            credential = headers.getFirst(IdentityHeaders.API_KEY);
        }
        if (credential == null) {
            credential = BasicApiKey.from(headers.getFirst(HttpHeaders.AUTHORIZATION));
        }
        if (credential == null || credential.isBlank()) {
            deny(exchange, 401, "missing_credentials", null);
            return Mono.empty();
        }
        Mono<Caller> caller = IdentityHeaders.isApiKey(credential.trim())
                ? apiKeys.exchange(credential.trim())
                        .map(exchanged -> new Caller(exchanged.identity(), exchanged.accessToken()))
                        .switchIfEmpty(Mono.defer(() -> {
                            deny(exchange, 401, "api_key_invalid", null);
                            return Mono.empty();
                        }))
                : verifyToken(exchange, credential.trim());
        return caller.flatMap(verified -> authorize(exchange, requirement, verified));
    }

    private Mono<Caller> verifyToken(ServerWebExchange exchange, String token) {
        io.shopwatch.common.security.Identity cached = verifiedTokens.getIfPresent(token);
        if (cached != null && cached.expiresAt().isAfter(clock.instant())) {
            return Mono.just(new Caller(cached, token));
        }
        return Mono.fromCallable(() -> verifier.verify(token))
                .subscribeOn(Schedulers.boundedElastic())
                .map(identity -> {
                    verifiedTokens.put(token, identity);
                    return new Caller(identity, token);
                })
                .onErrorResume(TokenRejectedException.class, e -> {
                    deny(exchange, 401, "token_" + e.reason().id(), null);
                    return Mono.empty();
                });
    }

    private Mono<Identity> authorize(
            ServerWebExchange exchange, RouteAccessPolicy.Requirement requirement, Caller caller) {
        io.shopwatch.common.security.Identity identity = caller.identity();
        if (!RouteAccessPolicy.allows(requirement, identity)) {
            boolean otherOrg =
                    requirement.org().isPresent() && !requirement.org().get().equals(identity.org());
            deny(exchange, 403, otherOrg ? "other_org" : "role", identity);
            return Mono.error(new ShopWatchException(
                    ProblemType.FORBIDDEN,
                    otherOrg ? "the caller may not access this org" : "the caller's role does not allow this request"));
        }
        exchange.getAttributes().put(FORWARD_HEADERS, forward(requirement.openObserve(), caller.accessToken()));
        return Mono.just(new Identity(
                identity.subject(),
                identity.org(),
                identity.roles().stream().map(Role::id).collect(Collectors.toSet()),
                identity.kind().id(),
                identity.platformAdmin()));
    }

    private Consumer<HttpHeaders> forward(boolean openObserve, String accessToken) {
        return headers -> {
            headers.remove(IdentityHeaders.API_KEY);
            headers.remove(HttpHeaders.AUTHORIZATION);
            if (!openObserve) {
                headers.setBearerAuth(accessToken);
            } else if (openObserveAuthorization != null) {
                headers.setBasicAuth(openObserveAuthorization);
            }
        };
    }

    private void deny(
            ServerWebExchange exchange, int status, String reason, io.shopwatch.common.security.Identity identity) {
        reporter.report(new DeniedRequestReporter.Denied(
                exchange.getRequest().getMethod().name(),
                exchange.getRequest().getPath().value(),
                status,
                reason,
                identity == null ? null : identity.org(),
                identity == null ? null : identity.subject(),
                identity == null ? null : identity.kind().id(),
                RequestContext.clientAddress(exchange),
                RequestContext.requestId(exchange),
                exchange.getRequest().getHeaders().getFirst(HttpHeaders.USER_AGENT),
                clock.instant()));
    }
}
