package io.shopwatch.pipeline.selfmetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

class AdminConsumerLagTest {

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void close_whileAReadingWaitsForAnUnreachableBroker_abandonsTheReading() throws IOException {
        Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + closedPort(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 600_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 600_000));
        AdminConsumerLag lag = new AdminConsumerLag(
                admin, "shopwatch-pipeline", List.of("shopwatch.logs.raw"), Duration.ofMinutes(10));
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Thread reading = new Thread(() -> {
            try {
                lag.perTopic();
            } catch (RuntimeException e) {
                failure.set(e);
            }
        });
        reading.start();
        // the reading's first admin call is queued and the reading waits for it
        await().atMost(Duration.ofSeconds(30)).until(() -> reading.getState() == Thread.State.TIMED_WAITING);
        CompletableFuture<Void> closed = CompletableFuture.runAsync(lag::close);

        // Admin.close() would wait for the reading's admin call, that is for its ten-minute timeout
        await().atMost(Duration.ofSeconds(30)).until(() -> closed.isDone() && !reading.isAlive());
        assertThat(closed).isNotCompletedExceptionally();
        assertThat(failure.get()).hasMessageContaining("Kafka could not tell the consumer lag");
    }
}
