package io.shopwatch.relay;

import io.micrometer.observation.ObservationRegistry;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * A small service as every ShopWatch service is built (Boot, Micrometer Tracing's OpenTelemetry bridge, common's
 * auto-configuration), for the platform's own traces: {@code GET /relay} calls {@code relay.next} when set (with an
 * instrumented {@link RestClient}, so the W3C context goes along) and answers {@code hops}. Started on port 0 with the
 * platform tracing switched on, sending its spans to tracing-service like any service of the local stack. (Outside
 * {@code io.shopwatch.tracing}, so that neither tracing-service's component scan nor its tests' search for their
 * configuration finds it.)
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(RelayApplication.RelayController.class)
public class RelayApplication {

    public static ConfigurableApplicationContext start(
            String name, String next, String tracingUrl, String user, String password) {
        return new SpringApplicationBuilder(RelayApplication.class)
                .web(WebApplicationType.SERVLET)
                .properties(Map.ofEntries(
                        // none of tracing-service's application.yml: the relay's own settings only
                        Map.entry("spring.config.name", "platform-relay"),
                        Map.entry("spring.application.name", name),
                        Map.entry("server.port", "0"),
                        Map.entry("server.address", "127.0.0.1"),
                        Map.entry("relay.next", next == null ? "" : next),
                        Map.entry("shopwatch.dev-mode", "true"),
                        Map.entry("shopwatch.security.enabled", "false"),
                        Map.entry("shopwatch.openobserve.enabled", "false"),
                        Map.entry("shopwatch.openobserve.user", user),
                        Map.entry("shopwatch.openobserve.password", password),
                        Map.entry("spring.kafka.listener.auto-startup", "false"),
                        Map.entry("management.tracing.sampling.probability", "1.0"),
                        // what the local stack sets: PLATFORM_TRACING_ENABLED, PLATFORM_TRACING_URL
                        Map.entry("shopwatch.platform-tracing.enabled", "true"),
                        Map.entry("shopwatch.platform-tracing.url", tracingUrl)))
                .run();
    }

    @RestController
    static class RelayController {

        private final RestClient client;
        private final String next;

        RelayController(ObservationRegistry observations, @Value("${relay.next}") String next) {
            this.client = RestClient.builder().observationRegistry(observations).build();
            this.next = next;
        }

        @GetMapping("/relay")
        Map<String, Object> relay() {
            if (next.isEmpty()) {
                return Map.of("hops", 1);
            }
            String answer = client.get().uri(next + "/relay").retrieve().body(String.class);
            return Map.of("hops", 2, "next", answer == null ? "" : answer);
        }
    }
}
