package io.shopwatch.metrics.it;

import io.shopwatch.common.kafka.Topics;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * The one application context of the integration tests: the whole service on a random port, token checks on, against
 * an embedded KRaft broker. Small limits, so that the limit tests stay small; every test uses its own org.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "shopwatch.security.enabled=true",
            "shopwatch.metrics.max-series-per-metric=50",
            "shopwatch.metrics.max-series-per-org=120",
            "shopwatch.metrics.max-label-names-per-series=5",
            "shopwatch.metrics.max-label-value-length=64",
            "logging.level.org.apache.kafka=WARN",
            "logging.level.kafka=WARN",
            "logging.level.state.change.logger=WARN"
        })
@EmbeddedKafka(
        partitions = 2,
        topics = {
            Topics.METRICS_RAW,
            Topics.STORED,
            DerivedMetricsIT.RESTART_TOPIC,
            DerivedMetricsIT.RETRY_TOPIC,
            DerivedMetricsIT.IDLE_TOPIC
        },
        bootstrapServersProperty = "spring.kafka.bootstrap-servers")
public @interface MetricsIT {}
