package io.shopwatch.pipeline.selfmetrics;

import io.shopwatch.pipeline.PipelineProperties;
import io.shopwatch.pipeline.flow.PipelineStats;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Writes the pipeline's own figures (records stored and dead-lettered per org, consumer lag) to
 * {@code shopwatch.metrics.raw} every {@code shopwatch.pipeline.self-metrics.interval}, unless zero.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SelfMetricsProperties.class)
public class SelfMetricsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SelfMetricsConfiguration.class);

    /**
     * The lag reading and its admin client, closed without a grace period when the context closes (see
     * {@link AdminConsumerLag#close()}). Admin calls time out with the reading that waits for them, so that calls to an
     * unreachable broker do not pile up behind readings that gave up.
     */
    @Bean
    AdminConsumerLag selfMetricsLag(
            KafkaAdmin kafkaAdmin,
            SelfMetricsProperties properties,
            PipelineProperties pipeline,
            @Value("${spring.kafka.consumer.group-id:shopwatch-pipeline}") String groupId) {
        Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
        config.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "pipeline-self-metrics");
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, properties.timeout().toMillis());
        config.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        config.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        return new AdminConsumerLag(Admin.create(config), groupId, pipeline.topics(), properties.timeout());
    }

    @Bean
    SelfMetricsWriter selfMetricsWriter(
            PipelineStats stats,
            AdminConsumerLag selfMetricsLag,
            KafkaTemplate<String, byte[]> template,
            Clock clock,
            SelfMetricsProperties properties,
            @Value("${spring.kafka.consumer.group-id:shopwatch-pipeline}") String groupId) {
        return new SelfMetricsWriter(
                stats,
                selfMetricsLag,
                new KafkaSelfMetricsSink(template, properties.timeout()),
                clock,
                properties.org(),
                groupId,
                properties.instance().isEmpty() ? hostName() : properties.instance());
    }

    /** Stopped with an interrupt: a write waiting for Kafka gives up rather than holding up the shutdown. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService selfMetricsTicker(SelfMetricsWriter writer, SelfMetricsProperties properties) {
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "pipeline-self-metrics");
            thread.setDaemon(true);
            return thread;
        });
        long every = properties.interval().toMillis();
        if (every > 0) {
            ticker.scheduleWithFixedDelay(
                    () -> {
                        try {
                            writer.write();
                        } catch (RuntimeException e) {
                            log.warn("pipeline figures not written, written again in {} ms: {}", every, e.getMessage());
                        }
                    },
                    every,
                    every,
                    TimeUnit.MILLISECONDS);
        }
        return ticker;
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "pipeline";
        }
    }
}
