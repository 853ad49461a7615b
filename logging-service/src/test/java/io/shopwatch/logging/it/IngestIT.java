package io.shopwatch.logging.it;

import io.shopwatch.common.kafka.Topics;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * The one application context of the ingestion integration tests: the whole service on a random port against an
 * embedded KRaft broker with the two raw topics (3 partitions each). Every class that carries this annotation shares
 * the context; tests tell their records apart by id or session id.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "management.tracing.sampling.probability=1.0",
            // the org comes from X-ShopWatch-Org here; token checks and org-from-token are covered by AnalyticsIT
            "shopwatch.security.enabled=false",
            // trace headers per batch here; the per-record observation (the default) is covered by the smoke test
            "spring.kafka.template.observation-enabled=false",
            "shopwatch.ingest.max-body-size=256KB",
            "shopwatch.ingest.max-records-per-batch=1000",
            "logging.level.org.apache.kafka=WARN",
            "logging.level.kafka=WARN",
            "logging.level.state.change.logger=WARN",
            "logging.level.org.apache.zookeeper=WARN"
        })
@EmbeddedKafka(
        partitions = 3,
        topics = {Topics.LOGS_RAW, Topics.EVENTS_RAW},
        bootstrapServersProperty = "spring.kafka.bootstrap-servers")
public @interface IngestIT {}
