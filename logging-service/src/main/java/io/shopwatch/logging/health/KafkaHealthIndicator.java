package io.shopwatch.logging.health;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code kafka} in {@code /actuator/health}: UP with the broker count when the cluster answers within the timeout,
 * DOWN with the error otherwise. It is not part of readiness: without Kafka the service still answers (503 with
 * Retry-After), which is more useful to callers than being taken out of rotation.
 */
public class KafkaHealthIndicator implements HealthIndicator, DisposableBean {

    private final Map<String, Object> adminConfig;
    private final Duration timeout;
    private Admin admin;

    public KafkaHealthIndicator(Map<String, Object> adminConfig, Duration timeout) {
        Map<String, Object> config = new HashMap<>(adminConfig);
        int millis = (int) timeout.toMillis();
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        // an unreachable broker is retried every few seconds, not every 50 ms, so it does not flood the log
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 1_000);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 10_000);
        config.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "logging-service-health");
        this.adminConfig = config;
        this.timeout = timeout;
    }

    @Override
    public Health health() {
        try {
            DescribeClusterResult cluster =
                    admin().describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
            Collection<Node> nodes = cluster.nodes().get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
            String clusterId = cluster.clusterId().get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
            return Health.up()
                    .withDetail("brokers", nodes.size())
                    .withDetail("clusterId", String.valueOf(clusterId))
                    .build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.unknown().withDetail("error", "interrupted").build();
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return Health.down()
                    .withDetail("error", cause.getClass().getSimpleName() + ": " + cause.getMessage())
                    .build();
        }
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(adminConfig);
        }
        return admin;
    }

    @Override
    public synchronized void destroy() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
            admin = null;
        }
    }
}
