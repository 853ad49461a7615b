package io.shopwatch.alert.rule;

import io.micrometer.core.instrument.MeterRegistry;
import io.shopwatch.alert.alertmanager.AlertIngestion;
import io.shopwatch.alert.dispatch.PoolScheduler;
import io.shopwatch.alert.ha.Leadership;
import io.shopwatch.alert.rule.realtime.StoredEventConsumer;
import io.shopwatch.common.config.ConfigRefreshedEvent;
import io.shopwatch.common.openobserve.OpenObserveClient;
import io.shopwatch.common.openobserve.OpenObserveCredentials;
import io.shopwatch.common.openobserve.OpenObserveProperties;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Wiring of the AlertRuleEngine: repository, query executor, scheduler, real-time input, rule file. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RulesProperties.class)
public class RulesConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RulesConfiguration.class);

    @Bean
    RuleRepository ruleRepository(DataSource dataSource) {
        return new RuleRepository(dataSource);
    }

    @Bean
    RuleQueryLimits ruleQueryLimits(RulesProperties properties) {
        return new RuleQueryLimits(properties.maxRows(), properties.metrics().timeout());
    }

    @Bean
    @ConditionalOnMissingBean
    RuleQueryExecutor ruleQueryExecutor(
            RulesProperties properties,
            RuleQueryLimits limits,
            ObjectProvider<OpenObserveClient> client,
            ObjectProvider<OpenObserveProperties> openObserve,
            MeterRegistry registry) {
        OpenObserveClient c = client.getIfAvailable();
        if (!properties.queryUrl().isBlank() && openObserve.getIfAvailable() != null) {
            OpenObserveProperties p = openObserve.getObject();
            c = new OpenObserveClient(
                    new OpenObserveProperties(
                                    true,
                                    properties.queryUrl(),
                                    p.org(),
                                    p.user(),
                                    p.password(),
                                    p.ingestionToken(),
                                    p.connectTimeout(),
                                    p.requestTimeout(),
                                    p.maxAttempts(),
                                    p.initialBackoff(),
                                    p.maxBackoff(),
                                    p.gzipMinBytes(),
                                    p.maxConcurrentRequests())
                            .toSettings(),
                    registry);
        }
        if (c == null) {
            return (org, sql, start, end) -> {
                throw new IllegalStateException("no OpenObserve is configured (shopwatch.openobserve.enabled=false)");
            };
        }
        return new OpenObserveRuleQueryExecutor(c, limits::maxRows);
    }

    @Bean
    @ConditionalOnMissingBean
    PromQlQueryExecutor promQlQueryExecutor(
            RulesProperties properties, RuleQueryLimits limits, ObjectProvider<OpenObserveProperties> openObserve) {
        RulesProperties.Metrics m = properties.metrics();
        // without a token, the OpenObserve credentials, which metrics-service accepts on its PromQL API as OpenObserve
        // does
        OpenObserveProperties p = openObserve.getIfAvailable();
        String basic = p == null || p.user().isBlank() || p.password().isBlank()
                ? null
                : OpenObserveCredentials.basic(p.user(), p.password()).authorizationHeader();
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        return new PrometheusApiQueryExecutor(http, m.url(), m.token(), basic, limits::metricsTimeout);
    }

    @Bean(destroyMethod = "close")
    PoolScheduler ruleScheduler(Clock clock, RulesProperties properties) {
        return new PoolScheduler(
                clock, Math.max(1, properties.threads()), Math.max(4, properties.threads() * 4), "alert-rules");
    }

    @Bean
    AlertRuleEngine alertRuleEngine(
            RuleRepository repository,
            RuleQueryExecutor executor,
            PromQlQueryExecutor promql,
            AlertIngestion ingestion,
            @Qualifier("ruleScheduler") PoolScheduler ruleScheduler,
            MeterRegistry registry,
            Leadership leadership,
            RulesProperties properties) {
        AlertRuleEngine engine = new AlertRuleEngine(repository, executor, promql, ingestion, ruleScheduler, registry);
        engine.defaultInterval(properties.defaultInterval());
        if (properties.enabled()) {
            leadership.addListener(engine);
        }
        return engine;
    }

    /**
     * The default interval ({@code shopwatch.alert.rules.default-interval}), the most rows of a rule query
     * ({@code max-rows}) and the PromQL timeout ({@code metrics.timeout}) from config-service: common's config client
     * (opt-in, {@code shopwatch.config.client.enabled}) puts a published change into the environment, the rule
     * settings are bound again, the query limits hold from the next query and the engine reschedules the rules that
     * name no interval. Settings that do not bind (a duration that does not parse, an interval under one second, max
     * rows under one, a timeout not above zero) are refused as a whole and the values in force stay. The other rule
     * settings are read at start only (README, "Dynamic rule settings").
     */
    @Bean
    ApplicationListener<ConfigRefreshedEvent> ruleSettingsReloader(
            AlertRuleEngine engine, RuleQueryLimits limits, Environment environment) {
        return event -> {
            try {
                RulesProperties bound =
                        Binder.get(environment).bindOrCreate("shopwatch.alert.rules", RulesProperties.class);
                if (limits.replace(bound.maxRows(), bound.metrics().timeout())) {
                    log.info(
                            "rule query limits of release {} in force: max rows {}, PromQL timeout {}",
                            event.version(),
                            limits.maxRows(),
                            limits.metricsTimeout());
                }
                Duration before = engine.defaultInterval();
                engine.defaultInterval(bound.defaultInterval());
                if (!before.equals(engine.defaultInterval())) {
                    log.info(
                            "default rule interval {} of release {} in force (was {})",
                            engine.defaultInterval(),
                            event.version(),
                            before);
                }
            } catch (RuntimeException e) {
                log.warn(
                        "rule settings of release {} refused, the default interval {} stays: {}",
                        event.version(),
                        engine.defaultInterval(),
                        e.toString());
            }
        };
    }

    @Bean
    RuleService ruleService(RuleRepository repository, AlertRuleEngine engine) {
        return new RuleService(repository, engine);
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService ruleReconciler(AlertRuleEngine engine, RulesProperties properties) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "alert-rule-reconcile");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(200, properties.reconcileInterval().toMillis());
        executor.scheduleWithFixedDelay(
                () -> {
                    try {
                        engine.reconcile();
                    } catch (RuntimeException e) {
                        log.warn("cannot read rules: {}", e.toString());
                    }
                },
                every,
                every,
                TimeUnit.MILLISECONDS);
        return executor;
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(
            prefix = "shopwatch.alert.rules.realtime",
            name = "enabled",
            havingValue = "true",
            matchIfMissing = true)
    StoredEventConsumer storedEventConsumer(
            KafkaProperties kafka,
            RulesProperties properties,
            AlertRuleEngine engine,
            Clock clock,
            Leadership leadership) {
        StoredEventConsumer consumer = new StoredEventConsumer(
                kafka.buildConsumerProperties(),
                properties.realtime().topic(),
                engine,
                clock,
                properties.realtime().replay());
        if (properties.enabled()) {
            leadership.addListener(consumer);
        }
        return consumer;
    }

    /**
     * Reads and validates the rule packs' YAML resources while the context starts, so an invalid pack file stops
     * the service with the file, the rule and the field named instead of failing the first install.
     */
    @Bean
    InitializingBean rulePacksValidated() {
        return () -> log.info(
                "rule packs read and valid: {}",
                RulePack.ALL.stream().map(RulePack.Pack::name).toList());
    }

    @Bean
    ApplicationRunner ruleFileLoader(RulesProperties properties, RuleService service) {
        return args -> {
            if (!properties.file().isBlank()) {
                RuleFileLoader.load(Path.of(properties.file()), service);
            }
        };
    }
}
