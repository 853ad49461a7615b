package io.shopwatch.config.retention;

import io.micrometer.core.instrument.MeterRegistry;
import io.shopwatch.common.openobserve.OpenObserveClient;
import io.shopwatch.common.openobserve.OpenObserveProperties;
import io.shopwatch.config.release.ConfigStore;
import io.shopwatch.config.release.ReleaseListener;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The store's stream retention from the {@code stream-retention} releases ({@code shopwatch.config.retention.enabled}):
 * every pointer move of the followed profile is applied to the store on a thread of its own (a publish does not wait
 * for the store), and the releases in force are applied again every {@code reapply-interval}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("shopwatch.config.retention.enabled")
@EnableConfigurationProperties({RetentionProperties.class, OpenObserveProperties.class})
public class RetentionConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RetentionConfiguration.class);

    @Bean(destroyMethod = "shutdown")
    ScheduledExecutorService retentionThread() {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "config-retention");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The store's client, with the platform credentials; config-service calls the store for nothing else. */
    @Bean(destroyMethod = "close")
    OpenObserveClient retentionStoreClient(OpenObserveProperties properties, MeterRegistry meters) {
        return new OpenObserveClient(properties.toSettings(), meters);
    }

    @Bean
    RetentionApplier retentionApplier(
            OpenObserveClient retentionStoreClient,
            ConfigStore store,
            RetentionProperties properties,
            MeterRegistry meters,
            ScheduledExecutorService retentionThread) {
        RetentionApplier applier =
                new RetentionApplier(retentionStoreClient::forOrg, properties.profile(), store::release, meters);
        long every = properties.reapplyInterval().toMillis();
        if (every > 0) {
            retentionThread.scheduleWithFixedDelay(
                    () -> {
                        try {
                            store.releasesInForce(StreamRetention.APPLICATION, properties.profile())
                                    .forEach(applier::reapply);
                        } catch (RuntimeException e) {
                            log.warn("stream retention not applied again: {}", e.toString());
                        }
                    },
                    every,
                    every,
                    TimeUnit.MILLISECONDS);
        }
        return applier;
    }

    @Bean
    ReleaseListener retentionListener(RetentionApplier applier, ScheduledExecutorService retentionThread) {
        return event -> {
            if (applier.follows(event.release().target())) {
                retentionThread.execute(() -> applier.applyMove(event));
            }
        };
    }
}
