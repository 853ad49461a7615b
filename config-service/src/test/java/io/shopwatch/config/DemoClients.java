package io.shopwatch.config;

import io.shopwatch.democlient.DemoService;
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
}
