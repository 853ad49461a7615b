package io.shopwatch.config;

import io.shopwatch.democlient.DemoService;
import io.shopwatch.democlient.WebDemoService;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts a running {@link DemoService} (its own Spring context) that takes its configuration from config-service. */
final class DemoClients {

    private DemoClients() {}

    /**
     * @param labels the instance's labels ({@code k=v,k2=v2}), empty for none
     */
    static ConfigurableApplicationContext start(
            String application,
            int configPort,
            String token,
            String brokers,
            Path cache,
            String instanceId,
            String labels) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.application.name=" + application,
                "--shopwatch.config.client.enabled=true",
                "--shopwatch.config.client.uri=http://127.0.0.1:" + configPort,
                "--shopwatch.config.client.profile=prod",
                "--shopwatch.config.client.token=" + token,
                "--shopwatch.config.client.cache-file=" + cache,
                "--shopwatch.config.client.timeout=2s",
                "--spring.kafka.bootstrap-servers=" + brokers,
                "--spring.main.banner-mode=off"));
        if (instanceId != null) {
            args.add("--shopwatch.config.client.instance-id=" + instanceId);
        }
        if (labels != null && !labels.isEmpty()) {
            args.add("--shopwatch.config.client.labels=" + labels);
        }
        return new SpringApplicationBuilder(DemoService.class)
                .web(WebApplicationType.NONE)
                .run(args.toArray(String[]::new));
    }

    /**
     * A {@link WebDemoService}: serves HTTP on a free port with the platform's token checks (JWKS of {@code
     * TestTokens}) and the platform credentials, so config-service can ask it for a dry-run bind; it reads its
     * configuration with the platform credentials for {@code org}.
     */
    static ConfigurableApplicationContext startWeb(
            String application,
            int configPort,
            String org,
            String jwksUrl,
            String brokers,
            Path cache,
            String instanceId) {
        return new SpringApplicationBuilder(WebDemoService.class)
                .web(WebApplicationType.SERVLET)
                .run(
                        "--spring.application.name=" + application,
                        "--server.port=0",
                        "--server.address=127.0.0.1",
                        "--shopwatch.config.client.enabled=true",
                        "--shopwatch.config.client.uri=http://127.0.0.1:" + configPort,
                        "--shopwatch.config.client.profile=prod",
                        "--shopwatch.config.client.org=" + org,
                        "--shopwatch.config.client.cache-file=" + cache,
                        "--shopwatch.config.client.timeout=2s",
                        "--shopwatch.config.client.instance-id=" + instanceId,
                        "--shopwatch.openobserve.user=" + ConfigServiceIntegrationTest.PLATFORM_USER,
                        "--shopwatch.openobserve.password=" + ConfigServiceIntegrationTest.PLATFORM_PASSWORD,
                        "--shopwatch.security.jwks-url=" + jwksUrl,
                        "--spring.kafka.bootstrap-servers=" + brokers,
                        "--spring.main.banner-mode=off");
    }
}
