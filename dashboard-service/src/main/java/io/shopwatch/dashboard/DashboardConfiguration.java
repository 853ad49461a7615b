package io.shopwatch.dashboard;

import io.shopwatch.dashboard.service.DashboardService;
import io.shopwatch.dashboard.store.DashboardStore;
import io.shopwatch.dashboard.store.JdbcDashboardStore;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Dashboards and folders in PostgreSQL. */
@Configuration(proxyBeanMethods = false)
public class DashboardConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    DashboardStore dashboardStore(DataSource dataSource) {
        return new JdbcDashboardStore(dataSource);
    }

    @Bean
    DashboardService dashboardService(DashboardStore store, Clock clock) {
        return new DashboardService(store, clock);
    }
}
