package io.shopwatch.alert.dispatch;

import io.shopwatch.alert.settings.AlertingProperties;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The scheduler that runs group timers. */
@Configuration(proxyBeanMethods = false)
public class DispatchConfiguration {

    @Bean(destroyMethod = "close")
    PoolScheduler dispatchScheduler(Clock clock, AlertingProperties properties) {
        return new PoolScheduler(clock, Math.max(1, properties.dispatchThreads()), "alert-dispatch");
    }
}
