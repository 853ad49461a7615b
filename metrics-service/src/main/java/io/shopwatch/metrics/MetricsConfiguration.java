package io.shopwatch.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.shopwatch.metrics.definition.DefinitionRepository;
import io.shopwatch.metrics.definition.MetricRegistry;
import io.shopwatch.metrics.ingest.JsonSamples;
import io.shopwatch.metrics.ingest.KafkaSamplePublisher;
import io.shopwatch.metrics.ingest.MetricsIngestor;
import io.shopwatch.metrics.ingest.SamplePublisher;
import io.shopwatch.metrics.limits.DiscardedSamples;
import io.shopwatch.metrics.limits.IngestionRate;
import io.shopwatch.metrics.limits.LimitsProvider;
import io.shopwatch.metrics.limits.SampleChecks;
import io.shopwatch.metrics.limits.SeriesTracker;
import io.shopwatch.metrics.otlp.OtlpMetricsReader;
import io.shopwatch.metrics.remotewrite.RemoteWriteDecoder;
import io.shopwatch.metrics.remotewrite.RemoteWriteSamples;
import io.shopwatch.metrics.web.PathOrgs;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.ProducerListener;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires ingestion: checks, the series tracker, the Kafka publisher and the ingestor behind both ingestion paths. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MetricsProperties.class)
public class MetricsConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Spring's default listener logs every failed record with its payload; the publisher reports once per request. */
    @Bean
    ProducerListener<Object, Object> kafkaProducerListener() {
        return new ProducerListener<>() {};
    }

    @Bean
    SampleChecks sampleChecks(MetricsProperties properties, Clock clock) {
        return new SampleChecks(properties.allowedPast(), properties.allowedFuture(), clock);
    }

    @Bean
    SeriesTracker seriesTracker(MetricsProperties properties, Clock clock) {
        return new SeriesTracker(properties.maxTrackedSeries(), properties.seriesIdleTimeout(), clock);
    }

    @Bean
    DefinitionRepository definitionRepository(JdbcClient jdbc) {
        return new DefinitionRepository(jdbc);
    }

    /** The registry of metric definitions is also the limits provider: a definition's series limit applies. */
    @Bean
    MetricRegistry metricRegistry(
            DefinitionRepository repository,
            PlatformTransactionManager transactions,
            MetricsProperties properties,
            Clock clock) {
        return new MetricRegistry(
                repository,
                new TransactionTemplate(transactions),
                properties.limits(),
                properties.definitionsCacheTtl(),
                clock);
    }

    @Bean
    DiscardedSamples discardedSamples(MeterRegistry registry) {
        return new DiscardedSamples(registry);
    }

    @Bean
    SamplePublisher samplePublisher(KafkaTemplate<String, byte[]> template, MetricsProperties properties) {
        return new KafkaSamplePublisher(template, properties.sendTimeout(), properties.retryAfter());
    }

    @Bean
    MetricsIngestor metricsIngestor(
            SampleChecks checks,
            SeriesTracker tracker,
            LimitsProvider limits,
            SamplePublisher publisher,
            DiscardedSamples discarded,
            IngestionRate rate) {
        return new MetricsIngestor(checks, tracker, limits, publisher, discarded, rate);
    }

    @Bean
    IngestionRate ingestionRate(MetricsProperties properties, Clock clock) {
        return new IngestionRate(properties.maxSamplesPerSecond(), properties.ingestionBurst(), clock);
    }

    @Bean
    JsonSamples jsonSamples(SampleChecks checks, LimitsProvider limits) {
        return new JsonSamples(checks, limits);
    }

    @Bean
    RemoteWriteDecoder remoteWriteDecoder(MetricsProperties properties) {
        return new RemoteWriteDecoder(properties.maxRemoteWriteSize().toBytes());
    }

    @Bean
    RemoteWriteSamples remoteWriteSamples(SampleChecks checks, LimitsProvider limits) {
        return new RemoteWriteSamples(checks, limits);
    }

    @Bean
    OtlpMetricsReader otlpMetricsReader(SampleChecks checks, LimitsProvider limits, MetricsProperties properties) {
        return new OtlpMetricsReader(checks, limits, properties.otlpMaxExponentialBuckets());
    }

    @Bean
    PathOrgs pathOrgs(@Value("${shopwatch.security.enabled:true}") boolean tokenChecks) {
        return new PathOrgs(tokenChecks);
    }
}
