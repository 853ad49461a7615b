package io.shopwatch.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shopwatch.gateway.problem.ProblemResponses;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

class IdentityFilterTest {

    private final ProblemResponses problems =
            new ProblemResponses(JsonMapper.builder().build(), new SimpleMeterRegistry());
    private final AtomicReference<ServerWebExchange> routed = new AtomicReference<>();
    private final GatewayFilterChain chain = exchange -> {
        routed.set(exchange);
        return Mono.empty();
    };

    private static MockServerWebExchange spoofedRequest() {
        return MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/logs")
                .header("X-ShopWatch-User", "admin")
                .header("X-ShopWatch-Org", "other")
                .header("X-ShopWatch-Roles", "admin")
                .header("X-ShopWatch-Identity-Token", "forged")
                .header("X-ShopWatch-Api-Key", "key")
                .header("Accept", "application/json"));
    }

    @Test
    void anonymous_stripsClientIdentityAndAddsNone() {
        new IdentityFilter(new AnonymousRequestAuthenticator(), problems)
                .filter(spoofedRequest(), chain)
                .block();

        ServerWebExchange exchange = routed.get();
        assertThat(exchange.getRequest().getHeaders().headerNames())
                .noneMatch(IdentityHeaders::isIdentityHeader)
                .contains("X-ShopWatch-Api-Key", "Accept");
        assertThat((Identity) exchange.getAttribute(Identity.ATTRIBUTE)).isEqualTo(Identity.ANONYMOUS);
    }

    @Test
    void authenticated_replacesClientIdentityWithTheEstablishedOne() {
        Identity alice = new Identity("alice", "shop-eu", Set.of("viewer", "operator"));
        new IdentityFilter(exchange -> Mono.just(alice), problems)
                .filter(spoofedRequest(), chain)
                .block();

        ServerWebExchange exchange = routed.get();
        assertThat(exchange.getRequest().getHeaders().get(IdentityHeaders.USER)).containsExactly("alice");
        assertThat(exchange.getRequest().getHeaders().get(IdentityHeaders.ORG)).containsExactly("shop-eu");
        assertThat(exchange.getRequest().getHeaders().get(IdentityHeaders.ROLES))
                .containsExactly("operator,viewer");
        assertThat(exchange.getRequest().getHeaders().headerNames())
                .noneMatch(name -> name.regionMatches(true, 0, IdentityHeaders.IDENTITY_PREFIX, 0, 20));
        assertThat((Identity) exchange.getAttribute(Identity.ATTRIBUTE)).isEqualTo(alice);
    }

    @Test
    void authenticatorSeesNoClientIdentityHeaders() {
        AtomicReference<ServerWebExchange> seen = new AtomicReference<>();
        new IdentityFilter(
                        exchange -> {
                            seen.set(exchange);
                            return Mono.just(Identity.ANONYMOUS);
                        },
                        problems)
                .filter(spoofedRequest(), chain)
                .block();

        assertThat(IdentityHeaders.containsAny(seen.get().getRequest().getHeaders()))
                .isFalse();
    }

    @Test
    void noIdentity_answersUnauthorizedProblemAndRoutesNothing() {
        MockServerWebExchange exchange = spoofedRequest();
        new IdentityFilter(e -> Mono.empty(), problems).filter(exchange, chain).block();

        assertThat(routed.get()).isNull();
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(exchange.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(exchange.getResponse().getBodyAsString().block())
                .contains("\"type\":\"https://shopwatch.io/problems/unauthorized\"");
    }

    @Test
    void isIdentityHeader_ignoresCase() {
        assertThat(IdentityHeaders.isIdentityHeader("x-shopwatch-user")).isTrue();
        assertThat(IdentityHeaders.isIdentityHeader("X-SHOPWATCH-ORG")).isTrue();
        assertThat(IdentityHeaders.isIdentityHeader("x-shopwatch-identity-claims"))
                .isTrue();
        assertThat(IdentityHeaders.isIdentityHeader("X-ShopWatch-Api-Key")).isFalse();
        assertThat(IdentityHeaders.isIdentityHeader("X-ShopWatch-Users")).isFalse();
    }
}
