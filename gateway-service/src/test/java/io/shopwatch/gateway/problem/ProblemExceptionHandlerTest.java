package io.shopwatch.gateway.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.ShopWatchException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.json.JsonMapper;

class ProblemExceptionHandlerTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ProblemExceptionHandler handler = new ProblemExceptionHandler(
            new ProblemResponses(JsonMapper.builder().build(), meters));
    private final MockServerWebExchange exchange =
            MockServerWebExchange.from(MockServerHttpRequest.post("/api/v1/logs"));

    @Test
    void toProblem_mapsKnownFailures() {
        assertThat(handler.toProblem(exchange, new ShopWatchException(ProblemType.FORBIDDEN, "not your org"))
                        .type())
                .isEqualTo(ProblemType.FORBIDDEN);
        assertThat(handler.toProblem(exchange, new ResponseStatusException(HttpStatus.NOT_FOUND))
                        .detail())
                .isEqualTo("no route matches /api/v1/logs");
        assertThat(handler.toProblem(exchange, new MethodNotAllowedException("POST", java.util.List.of()))
                        .type())
                .isEqualTo(ProblemType.METHOD_NOT_ALLOWED);
        assertThat(handler.toProblem(exchange, new TimeoutException()).type()).isEqualTo(ProblemType.GATEWAY_TIMEOUT);
        assertThat(handler.toProblem(exchange, new ConnectException("refused")).type())
                .isEqualTo(ProblemType.UNAVAILABLE);
    }

    @Test
    void unexpectedError_becomesInternalProblemWithoutItsMessage() {
        handler.handle(exchange, new IllegalStateException("db password is hunter2"))
                .block();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(exchange.getResponse().getBodyAsString().block())
                .contains("https://shopwatch.io/problems/internal")
                .doesNotContain("hunter2")
                .doesNotContain("IllegalStateException");
        assertThat(meters.get(ProblemResponses.METRIC)
                        .tag("type", "internal")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }
}
