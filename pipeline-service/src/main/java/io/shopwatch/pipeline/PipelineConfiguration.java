package io.shopwatch.pipeline;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.shopwatch.common.openobserve.OpenObserveClient;
import io.shopwatch.pipeline.api.DeadLetters;
import io.shopwatch.pipeline.dedup.Deduplicator;
import io.shopwatch.pipeline.enrich.CsvGeoResolver;
import io.shopwatch.pipeline.enrich.GeoIpEnricher;
import io.shopwatch.pipeline.enrich.GeoResolver;
import io.shopwatch.pipeline.enrich.MaxMindGeoResolver;
import io.shopwatch.pipeline.enrich.OrderAmountBandEnricher;
import io.shopwatch.pipeline.enrich.ServiceMetadataEnricher;
import io.shopwatch.pipeline.enrich.UserAgentEnricher;
import io.shopwatch.pipeline.flow.BatchProcessor;
import io.shopwatch.pipeline.flow.KafkaOutlet;
import io.shopwatch.pipeline.flow.LiveStageChain;
import io.shopwatch.pipeline.flow.PipelineListener;
import io.shopwatch.pipeline.flow.PipelineStats;
import io.shopwatch.pipeline.flow.RecordTracing;
import io.shopwatch.pipeline.flow.Sampler;
import io.shopwatch.pipeline.quality.CustomPiiRules;
import io.shopwatch.pipeline.quality.DynamicPiiConfiguration;
import io.shopwatch.pipeline.quality.JsonSchemaCheck;
import io.shopwatch.pipeline.quality.PiiMasker;
import io.shopwatch.pipeline.quality.RequiredFieldsCheck;
import io.shopwatch.pipeline.quality.TimestampSanityCheck;
import io.shopwatch.pipeline.record.EnvelopeReader;
import io.shopwatch.pipeline.sink.OpenObserveSink;
import io.shopwatch.pipeline.sink.TelemetrySink;
import io.shopwatch.pipeline.tracing.CurrentTraceHeaders;
import io.shopwatch.pipeline.tracing.TraceContinuation;
import io.shopwatch.pipeline.transform.FlattenTransformer;
import io.shopwatch.pipeline.transform.LevelTransformer;
import io.shopwatch.pipeline.transform.TimestampTransformer;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ResourceLoader;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/** Wires the stages, the batch processor and the Kafka listener container of the pipeline. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PipelineProperties.class)
@Import({DynamicPiiConfiguration.class, DynamicStageConfiguration.class})
public class PipelineConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    PipelineStats pipelineStats(MeterRegistry registry) {
        return new PipelineStats(registry);
    }

    // --- stages: one bean per plugin, found by name ---

    @Bean
    FlattenTransformer flattenTransformer(PipelineProperties properties) {
        return new FlattenTransformer(properties.flattenDepth());
    }

    @Bean
    TimestampTransformer timestampTransformer() {
        return new TimestampTransformer();
    }

    @Bean
    LevelTransformer levelTransformer() {
        return new LevelTransformer();
    }

    @Bean
    UserAgentEnricher userAgentEnricher(PipelineProperties properties) {
        return new UserAgentEnricher(properties.userAgentCacheSize());
    }

    @Bean
    GeoResolver geoResolver(PipelineProperties properties, ResourceLoader resources) throws IOException {
        GeoResolver database = properties.geoipDatabase().isEmpty()
                ? GeoResolver.NONE
                : new MaxMindGeoResolver(Path.of(properties.geoipDatabase()));
        if (properties.geoipCsv().isEmpty()) {
            return database;
        }
        String location = properties.geoipCsv();
        GeoResolver csv;
        try (Reader in = location.startsWith("classpath:") || location.startsWith("file:")
                ? new InputStreamReader(resources.getResource(location).getInputStream(), StandardCharsets.UTF_8)
                : Files.newBufferedReader(Path.of(location), StandardCharsets.UTF_8)) {
            csv = CsvGeoResolver.read(in, location);
        }
        return database == GeoResolver.NONE ? csv : ip -> database.locate(ip).or(() -> csv.locate(ip));
    }

    @Bean
    GeoIpEnricher geoIpEnricher(GeoResolver resolver) {
        return new GeoIpEnricher(resolver);
    }

    // The stages with settings (service metadata, amount bands, required fields, JSON schemas) are made here without
    // them: DynamicStageConfiguration configures every stage from shopwatch.pipeline at start and on every change.

    @Bean
    ServiceMetadataEnricher serviceMetadataEnricher() {
        return new ServiceMetadataEnricher(Map.of());
    }

    @Bean
    OrderAmountBandEnricher orderAmountBandEnricher(PipelineProperties properties) {
        return new OrderAmountBandEnricher(properties.amountBands());
    }

    @Bean
    RequiredFieldsCheck requiredFieldsCheck() {
        return new RequiredFieldsCheck(Map.of());
    }

    @Bean
    TimestampSanityCheck timestampSanityCheck(Clock clock, PipelineProperties properties) {
        return new TimestampSanityCheck(clock, properties.allowedPast(), properties.allowedFuture());
    }

    @Bean
    JsonSchemaCheck jsonSchemaCheck() {
        return new JsonSchemaCheck(Map.of());
    }

    @Bean
    PiiMasker piiMasker(PipelineStats stats, CustomPiiRules customPiiRules) {
        return new PiiMasker(
                (kind, count) -> stats.piiMasked(kind.name().toLowerCase(java.util.Locale.ROOT), count),
                customPiiRules,
                (rule, count) -> stats.piiMasked("custom_" + rule, count));
    }

    // --- the flow ---

    @Bean
    @ConditionalOnMissingBean
    TelemetrySink telemetrySink(
            OpenObserveClient client,
            PipelineProperties properties,
            ObjectProvider<Tracer> tracer,
            ObjectProvider<Propagator> propagator) {
        if (!properties.traceRecords() || tracer.getIfAvailable() == null || propagator.getIfAvailable() == null) {
            return new OpenObserveSink(client);
        }
        return new OpenObserveSink(client, new CurrentTraceHeaders(tracer.getObject(), propagator.getObject()));
    }

    /** Continues the traces the records carry (one span per sampled trace context and per store request). */
    @Bean
    RecordTracing recordTracing(
            PipelineProperties properties, ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        if (!properties.traceRecords() || tracer.getIfAvailable() == null || propagator.getIfAvailable() == null) {
            return RecordTracing.NONE;
        }
        return new TraceContinuation(
                tracer.getObject(), propagator.getObject(), new java.util.HashSet<>(properties.untracedOrgs()));
    }

    @Bean
    Deduplicator deduplicator(PipelineProperties properties) {
        return Deduplicator.boundedInBytes(properties.dedupMaxBytes(), properties.dedupWindow(), Ticker.systemTicker());
    }

    @Bean
    BatchProcessor batchProcessor(
            LiveStageChain chain,
            Deduplicator deduplicator,
            TelemetrySink sink,
            PipelineStats stats,
            PipelineProperties properties,
            ObjectProvider<Sampler> sampler,
            RecordTracing tracing) {
        return new BatchProcessor(
                chain,
                deduplicator,
                sink,
                stats,
                properties.storeMaxRequestBytes(),
                sampler.getIfAvailable(() -> Sampler.KEEP_ALL),
                tracing);
    }

    @Bean
    KafkaOutlet kafkaOutlet(KafkaTemplate<String, byte[]> template, Clock clock, PipelineProperties properties) {
        Object maxRequestSize = template.getProducerFactory()
                .getConfigurationProperties()
                .getOrDefault(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1024 * 1024);
        return new KafkaOutlet(
                template, clock, properties.publishTimeout(), Integer.parseInt(maxRequestSize.toString()));
    }

    @Bean
    PipelineListener pipelineListener(
            BatchProcessor processor,
            KafkaOutlet outlet,
            PipelineStats stats,
            Clock clock,
            PipelineProperties props,
            RecordTracing tracing) {
        return new PipelineListener(
                processor,
                outlet,
                stats,
                clock,
                props.recoveryWindow(),
                new EnvelopeReader(props.flattenDepth()),
                props.maxRecordBytes(),
                props.maxBatchBytes(),
                tracing);
    }

    /** Retries a failed batch with backoff for as long as it takes, pausing the consumer meanwhile: nothing is dropped. */
    @Bean
    CommonErrorHandler pipelineErrorHandler(PipelineProperties properties) {
        ExponentialBackOff backOff =
                new ExponentialBackOff(properties.retryInitialInterval().toMillis(), 2.0);
        backOff.setMaxInterval(properties.retryMaxInterval().toMillis());
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        backOff.setMaxAttempts(Long.MAX_VALUE);
        return new DefaultErrorHandler(backOff);
    }

    @Bean
    ConcurrentMessageListenerContainer<String, byte[]> pipelineContainer(
            ConcurrentKafkaListenerContainerFactory<String, byte[]> factory,
            PipelineListener listener,
            PipelineProperties properties) {
        factory.setBatchListener(true);
        ConcurrentMessageListenerContainer<String, byte[]> container = factory.createContainer(properties.topicArray());
        container.setConcurrency(properties.concurrency());
        container.getContainerProperties().setConsumerRebalanceListener(listener);
        container.setupMessageListener(listener);
        return container;
    }

    @Bean
    DeadLetters deadLetters(ConsumerFactory<?, ?> consumerFactory, KafkaTemplate<String, byte[]> template) {
        return new DeadLetters(consumerFactory, template);
    }
}
