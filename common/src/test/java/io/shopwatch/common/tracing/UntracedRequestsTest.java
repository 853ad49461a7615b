package io.shopwatch.common.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class UntracedRequestsTest {

    private final ObservationRegistry registry = ObservationRegistry.create();
    private final UntracedRequests untraced = new UntracedRequests(
            List.of("/v1/traces", "/api/*/v1/traces", "/api/v2/spans", "/actuator/**"), () -> registry);

    {
        registry.observationConfig().observationPredicate(untraced).observationHandler(context -> true);
    }

    private static ServerRequestObservationContext servlet(String path) {
        return new ServerRequestObservationContext(
                new MockHttpServletRequest("POST", path), new MockHttpServletResponse());
    }

    @Test
    void test_spanIngestAndActuator_areNotObserved_otherRequestsAre() {
        assertThat(untraced.test("http.server.requests", servlet("/v1/traces"))).isFalse();
        assertThat(untraced.test("http.server.requests", servlet("/api/shopwatch-platform/v1/traces")))
                .isFalse();
        assertThat(untraced.test("http.server.requests", servlet("/api/v2/spans")))
                .isFalse();
        assertThat(untraced.test("http.server.requests", servlet("/actuator/health/readiness")))
                .isFalse();
        assertThat(untraced.test("http.server.requests", servlet("/api/v1/traces/abc")))
                .isTrue();
        assertThat(untraced.test("http.client.requests", new Observation.Context()))
                .isTrue();
    }

    @Test
    void test_securityObservations_withoutARequestAround_areNotObserved() {
        Observation.Context security = new Observation.Context();
        assertThat(untraced.test("spring.security.filterchains", security)).isFalse();

        Observation request = Observation.start("http.server.requests", registry);
        try (Observation.Scope scope = request.openScope()) {
            assertThat(untraced.test("spring.security.filterchains", security)).isTrue();
        } finally {
            request.stop();
        }
    }

    @Test
    void tracesUrl_isTheOrgsOtlpPath() {
        PlatformTraceExportProperties properties =
                new PlatformTraceExportProperties(true, "http://tracing:8085/", "shopwatch-platform", null);
        assertThat(properties.tracesUrl()).isEqualTo("http://tracing:8085/api/shopwatch-platform/v1/traces");
    }
}
