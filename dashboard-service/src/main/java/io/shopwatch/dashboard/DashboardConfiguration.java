package io.shopwatch.dashboard;

import io.shopwatch.common.openobserve.OpenObserveClient;
import io.shopwatch.common.openobserve.OpenObserveProperties;
import io.shopwatch.common.security.servlet.OrgResolver;
import io.shopwatch.dashboard.api.PackInterceptor;
import io.shopwatch.dashboard.pack.PackCatalog;
import io.shopwatch.dashboard.pack.PackInstaller;
import io.shopwatch.dashboard.provision.DashboardProvisioner;
import io.shopwatch.dashboard.provision.ProvisioningScheduler;
import io.shopwatch.dashboard.query.HttpPrometheusApi;
import io.shopwatch.dashboard.query.PanelDataService;
import io.shopwatch.dashboard.query.PrometheusApi;
import io.shopwatch.dashboard.service.DashboardService;
import io.shopwatch.dashboard.state.DashboardStateExporter;
import io.shopwatch.dashboard.store.DashboardStore;
import io.shopwatch.dashboard.store.JdbcDashboardStore;
import io.shopwatch.dashboard.store.PackInstalls;
import io.shopwatch.dashboard.sync.DashboardSync;
import io.shopwatch.dashboard.sync.HttpRemoteDashboards;
import io.shopwatch.dashboard.sync.SyncScheduler;
import io.shopwatch.dashboard.sync.SyncState;
import java.nio.file.Path;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Dashboards and folders in PostgreSQL; the e-commerce packs. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DashboardProperties.class)
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

    /** Panel data: SQL through OpenObserve's _search of the caller's org, PromQL through metrics-service. */
    @Bean
    PanelDataService panelDataService(OpenObserveClient openObserve, DashboardProperties properties, Clock clock) {
        DashboardProperties.Promql promql = properties.promql();
        PrometheusApi prometheus =
                promql.url().isBlank() ? null : new HttpPrometheusApi(promql.url(), promql.timeout());
        return new PanelDataService(openObserve::forOrg, prometheus, clock);
    }

    /** The shipped packs, read and validated at start. */
    @Bean
    PackCatalog packCatalog() {
        return PackCatalog.shipped();
    }

    @Bean
    @ConditionalOnProperty(prefix = "shopwatch.dashboard.packs", name = "enabled", matchIfMissing = true)
    PackInstaller packInstaller(PackCatalog catalog, DashboardService service, DataSource dataSource, Clock clock) {
        return new PackInstaller(catalog, service, new PackInstalls(dataSource), clock);
    }

    /** Dashboards from DASHBOARDS_DIR, reconciled at start and every interval. */
    @Bean
    @ConditionalOnExpression("!'${shopwatch.dashboard.provisioning.dir:}'.isBlank()")
    ProvisioningScheduler dashboardProvisioning(DashboardProperties properties, DashboardService service) {
        DashboardProperties.Provisioning settings = properties.provisioning();
        return new ProvisioningScheduler(
                new DashboardProvisioner(Path.of(settings.dir()), settings.org(), service), settings.interval());
    }

    /** ShopWatch's dashboards copied into OpenObserve's own dashboards, when switched on. */
    @Bean
    @ConditionalOnProperty(prefix = "shopwatch.dashboard.sync", name = "enabled", havingValue = "true")
    SyncScheduler dashboardSync(
            DashboardProperties properties,
            OpenObserveProperties openObserve,
            DashboardStore store,
            DataSource dataSource,
            Clock clock) {
        DashboardSync sync = new DashboardSync(
                store,
                new SyncState(dataSource),
                new HttpRemoteDashboards(openObserve.url(), openObserve.user(), openObserve.password()),
                clock);
        return new SyncScheduler(sync, properties.sync().interval());
    }

    @Bean
    DashboardStateExporter dashboardStateExporter(
            DashboardService service, DashboardStore store, PlatformTransactionManager transactions, Clock clock) {
        return new DashboardStateExporter(service, store, new TransactionTemplate(transactions), clock);
    }

    @Bean
    WebMvcConfigurer packInstallation(ObjectProvider<PackInstaller> installer, OrgResolver orgs) {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                installer.ifAvailable(i -> registry.addInterceptor(new PackInterceptor(i, orgs))
                        .addPathPatterns("/api/v1/dashboards", "/api/v1/dashboards/**")
                        // a restore brings the org's own dashboards back, pack dashboards included
                        .excludePathPatterns("/api/v1/dashboards/state/**"));
            }
        };
    }
}
