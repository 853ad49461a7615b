package io.shopwatch.tracing.config;

import io.shopwatch.common.openobserve.OpenObserveClient;
import io.shopwatch.common.sampling.PublishedRates;
import io.shopwatch.common.sampling.RateFreshness;
import io.shopwatch.common.sampling.SamplingRateFeed;
import io.shopwatch.tracing.ingest.SpanIntake;
import io.shopwatch.tracing.ingest.SpanPublisher;
import io.shopwatch.tracing.query.TraceReader;
import io.shopwatch.tracing.red.KafkaRedSink;
import io.shopwatch.tracing.red.RedMetricsWriter;
import io.shopwatch.tracing.red.RedProperties;
import io.shopwatch.tracing.red.RedQuery;
import io.shopwatch.tracing.red.SpanMetrics;
import io.shopwatch.tracing.red.StoredRed;
import io.shopwatch.tracing.sampling.BudgetRateProperties;
import io.shopwatch.tracing.sampling.SamplingPolicies;
import io.shopwatch.tracing.sampling.SamplingProperties;
import io.shopwatch.tracing.sampling.TailSampler;
import io.shopwatch.tracing.settings.TracingProperties;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaTemplate;

/** Span ingestion (the Kafka publisher and the intake every receiver hands its spans to) and trace reading. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({TracingProperties.class, SamplingProperties.class, RedProperties.class})
@Import(DynamicSamplingConfiguration.class)
public class TracingConfiguration {

    private static final Logger log = LoggerFactory.getLogger(TracingConfiguration.class);

    @Bean
    SpanPublisher spanPublisher(KafkaTemplate<String, byte[]> template, TracingProperties properties) {
        return new SpanPublisher(template, properties.stream(), properties.sendTimeout(), properties.retryAfter());
    }

    @Bean
    TraceReader traceReader(OpenObserveClient client, TracingProperties properties) {
        return new TraceReader(client::forOrg, properties.stream(), properties.logsStreams(), properties.logsMargin());
    }

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    SpanIntake spanIntake(SpanPublisher publisher, ObjectProvider<TailSampler> sampler, SpanMetrics metrics) {
        return new SpanIntake(publisher, sampler.getIfAvailable(), metrics);
    }

    @Bean
    SpanMetrics spanMetrics(RedProperties properties, Clock clock) {
        return new SpanMetrics(clock, properties.retention(), properties.pairingTtl(), properties.maxPending());
    }

    /**
     * Writes the RED figures of every minute that is over to {@code shopwatch.metrics.raw}, every
     * {@code shopwatch.tracing.red.write-interval} (unless zero). The minute still counting at shutdown is lost.
     */
    @Bean
    RedMetricsWriter redMetricsWriter(
            SpanMetrics metrics,
            KafkaTemplate<String, byte[]> template,
            TracingProperties properties,
            RedInstance instance) {
        return new RedMetricsWriter(metrics, new KafkaRedSink(template, properties.sendTimeout()), instance.name());
    }

    /** The {@code instance} label of this instance's RED samples, resolved once. */
    record RedInstance(String name) {}

    @Bean
    RedInstance redInstance(RedProperties properties) {
        return new RedInstance(properties.instanceName());
    }

    /** The RED and service-map answers: the stored samples of every instance, this one's recent minutes from memory. */
    @Bean
    RedQuery redQuery(SpanMetrics metrics, OpenObserveClient client, RedProperties properties, RedInstance instance) {
        return new RedQuery(
                metrics,
                new StoredRed(client::forOrg, properties.readPageSize(), properties.maxReadSamples()),
                instance.name());
    }

    @Bean(destroyMethod = "shutdown")
    ScheduledExecutorService redMetricsTicker(RedMetricsWriter writer, RedProperties properties) {
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "red-metrics");
            thread.setDaemon(true);
            return thread;
        });
        long every = properties.writeInterval().toMillis();
        if (every > 0) {
            ticker.scheduleWithFixedDelay(
                    () -> {
                        try {
                            writer.writeClosedMinutes();
                        } catch (RuntimeException e) {
                            log.warn("RED samples not written, offered again in {} ms: {}", every, e.getMessage());
                        }
                    },
                    every,
                    every,
                    TimeUnit.MILLISECONDS);
        }
        return ticker;
    }

    /** Tail sampling, when {@code shopwatch.tracing.sampling.enabled=true}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "shopwatch.tracing.sampling", name = "enabled", havingValue = "true")
    @EnableConfigurationProperties(BudgetRateProperties.class)
    static class Sampling {

        /** The ingest budgets' rates as performance-service publishes them (empty, so 1, when the feed is off). */
        @Bean
        PublishedRates publishedRates() {
            return new PublishedRates();
        }

        @Bean
        RateFreshness rateFreshness(BudgetRateProperties budget, Clock clock) {
            return new RateFreshness(clock, budget.rateMaxAge());
        }

        @Bean
        @ConditionalOnProperty(
                prefix = "shopwatch.tracing.sampling.budget",
                name = "enabled",
                havingValue = "true",
                matchIfMissing = true)
        SamplingRateFeed samplingRateFeed(
                PublishedRates rates, RateFreshness freshness, BudgetRateProperties budget, Environment environment) {
            return new SamplingRateFeed(
                    rates,
                    freshness,
                    environment.getProperty("spring.kafka.bootstrap-servers", "localhost:9092"),
                    budget.topic(),
                    "tracing-sampling");
        }

        @Bean
        TailSampler tailSampler(
                SamplingProperties properties,
                SamplingPolicies policies,
                SpanPublisher publisher,
                Clock clock,
                PublishedRates rates,
                RateFreshness freshness,
                TracingProperties tracing) {
            String stream = tracing.stream();
            return new TailSampler(
                    clock,
                    properties.decisionWait(),
                    properties.maxOpenTraces(),
                    policies::policy,
                    org -> freshness.fresh(org, stream) ? rates.rate(org, stream) : 1.0,
                    (org, rows) -> SpanIntake.publishKept(publisher, org, rows));
        }

        /** Decides due traces every tick; on shutdown decides every open trace. */
        @Bean(destroyMethod = "shutdown")
        ScheduledExecutorService samplingTicker(TailSampler sampler, SamplingProperties properties) {
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "tail-sampling");
                thread.setDaemon(true);
                return thread;
            });
            long every = properties.tickInterval().toMillis();
            ticker.scheduleWithFixedDelay(sampler::tick, every, every, TimeUnit.MILLISECONDS);
            return ticker;
        }
    }
}
