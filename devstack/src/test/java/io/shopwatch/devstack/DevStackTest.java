package io.shopwatch.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DevStackTest {

    @Test
    void services_areElevenPlusTheStore_withDistinctPorts() {
        assertThat(ServiceSpec.all()).hasSize(12);
        assertThat(ServiceSpec.all().stream().map(ServiceSpec::port).distinct()).hasSize(12);
        assertThat(ServiceSpec.all().get(0).name()).isEqualTo("store");
        assertThat(ServiceSpec.all().get(11).name()).isEqualTo("gateway");
    }

    @Test
    void settings_defaultsWorkWithoutEnvironment() {
        StackSettings settings = StackSettings.fromEnvironment(Map.of("SHOPWATCH_HOME", "/tmp/sw"));
        assertThat(settings.dataDir()).isEqualTo(Path.of("/tmp/sw/.devstack"));
        assertThat(settings.kafkaBootstrap()).isEqualTo("127.0.0.1:9092");
        assertThat(settings.jdbcUrl("auth"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:15432/shopwatch?currentSchema=auth");
        assertThat(settings.only()).isEmpty();
    }

    @Test
    void onlySomeServices_filtersTheStack() {
        StackSettings settings = StackSettings.fromEnvironment(Map.of("DEVSTACK_SERVICES", "store, logging"));
        assertThat(settings.only()).containsExactlyInAnyOrder("store", "logging");
    }

    @Test
    void serviceEnvironment_pointsAtTheStacksInfrastructure() {
        DevStack stack = new DevStack(StackSettings.fromEnvironment(Map.of()));
        ServiceSpec store = ServiceSpec.all().get(0);
        Map<String, String> env = stack.serviceEnvironment(store);
        assertThat(env).containsEntry("ZO_HTTP_PORT", "5080").containsEntry("SERVER_ADDRESS", "127.0.0.1");
        assertThat(env.get("ZO_DATA_DIR")).endsWith(".devstack/store");
        if (System.getenv("STORE_DUCKDB_THREADS") == null) {
            assertThat(env).containsEntry("STORE_DUCKDB_THREADS", "1");
        }
        if (System.getenv("STORE_DUCKDB_MEMORY_LIMIT") == null) {
            assertThat(env).containsEntry("STORE_DUCKDB_MEMORY_LIMIT", "256MB");
        }
        assertThat(stack.serviceEnvironment(ServiceSpec.all().get(3)))
                .containsEntry("SERVER_PORT", "8083")
                .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
                .containsEntry("PLATFORM_TRACING_ENABLED", "true")
                .containsEntry("PLATFORM_TRACING_URL", "http://127.0.0.1:8085")
                .doesNotContainKey("ZO_DATA_DIR");
        assertThat(env).containsEntry("PLATFORM_TRACING_ENABLED", "true");
        assertThat(stack.serviceEnvironment(ServiceSpec.all().stream()
                        .filter(s -> s.name().equals("auth"))
                        .findFirst()
                        .orElseThrow()))
                .as("auth-service exports its spans with the platform credentials it is given")
                .containsEntry("PLATFORM_TRACING_ENABLED", "true")
                .containsKey("OPENOBSERVE_PASSWORD");
    }

    @Test
    void serviceEnvironment_readersQueryThroughTheFrontend_writersTalkToTheStore() {
        DevStack stack = new DevStack(StackSettings.fromEnvironment(Map.of()));
        Map<String, ServiceSpec> byName =
                ServiceSpec.all().stream().collect(java.util.stream.Collectors.toMap(ServiceSpec::name, s -> s));
        for (String reader : new String[] {"logging", "metrics", "tracing", "dashboard"}) {
            assertThat(stack.serviceEnvironment(byName.get(reader)))
                    .as(reader)
                    .containsEntry("OPENOBSERVE_URL", "http://127.0.0.1:8090");
        }
        assertThat(stack.serviceEnvironment(byName.get("alert")))
                .containsEntry("ALERT_QUERY_URL", "http://127.0.0.1:8090");
        for (String direct : new String[] {"pipeline", "backup", "performance"}) {
            assertThat(stack.serviceEnvironment(byName.get(direct)))
                    .as(direct)
                    .containsEntry("OPENOBSERVE_URL", "http://127.0.0.1:5080")
                    .doesNotContainKey("ALERT_QUERY_URL");
        }

        DevStack withoutFrontend =
                new DevStack(StackSettings.fromEnvironment(Map.of("DEVSTACK_SERVICES", "store,logging,alert")));
        assertThat(withoutFrontend.serviceEnvironment(byName.get("logging")))
                .containsEntry("OPENOBSERVE_URL", "http://127.0.0.1:5080");
        assertThat(withoutFrontend.serviceEnvironment(byName.get("alert"))).doesNotContainKey("ALERT_QUERY_URL");
    }

    @Test
    void serviceEnvironment_pipelineTracingAlertAndPerformanceFollowConfigService() {
        DevStack stack = new DevStack(StackSettings.fromEnvironment(Map.of()));
        for (ServiceSpec service : ServiceSpec.all()) {
            Map<String, String> env = stack.serviceEnvironment(service);
            if (Set.of("pipeline", "tracing", "alert", "performance").contains(service.name())) {
                assertThat(env)
                        .as(service.name())
                        .containsEntry("CONFIG_CLIENT_ENABLED", "true")
                        .containsEntry("CONFIG_SERVICE_URL", "http://127.0.0.1:8082");
                assertThat(env.get("CONFIG_CACHE_FILE")).endsWith(service.name() + "-config-cache.json");
            } else {
                assertThat(env).as(service.name()).doesNotContainKey("CONFIG_CLIENT_ENABLED");
            }
        }
    }

    @Test
    void serviceEnvironment_pipelineLocatesTheSimulatorsAddressesWithTheDemoCsv() {
        DevStack stack = new DevStack(StackSettings.fromEnvironment(Map.of()));
        for (ServiceSpec service : ServiceSpec.all()) {
            Map<String, String> env = stack.serviceEnvironment(service);
            if (service.name().equals("pipeline")) {
                assertThat(env).containsEntry("GEOIP_CSV", "classpath:geoip/simulator-demo-country.csv");
            } else {
                assertThat(env).as(service.name()).doesNotContainKey("GEOIP_CSV");
            }
        }
    }

    @Test
    void serviceEnvironment_configServiceAppliesStreamRetentionToTheStore() {
        DevStack stack = new DevStack(StackSettings.fromEnvironment(Map.of()));
        for (ServiceSpec service : ServiceSpec.all()) {
            Map<String, String> env = stack.serviceEnvironment(service);
            if (service.name().equals("config")) {
                assertThat(env).containsEntry("CONFIG_RETENTION_ENABLED", "true");
                assertThat(env.get("OPENOBSERVE_URL")).isEqualTo("http://127.0.0.1:5080");
            } else {
                assertThat(env).as(service.name()).doesNotContainKey("CONFIG_RETENTION_ENABLED");
            }
        }
    }

    @Test
    void serviceEnvironment_dashboardRunsPromQlThroughMetricsService() {
        DevStack stack = new DevStack(StackSettings.fromEnvironment(Map.of()));
        ServiceSpec dashboard = ServiceSpec.all().stream()
                .filter(s -> s.name().equals("dashboard"))
                .findFirst()
                .orElseThrow();
        assertThat(stack.serviceEnvironment(dashboard)).containsEntry("METRICS_SERVICE_URL", "http://127.0.0.1:8084");
    }

    @Test
    void javaOptions_recordPathRunsWithC2AndItsOwnHeap_theRestStaysSmall() {
        DevStack stack = new DevStack(StackSettings.fromEnvironment(Map.of()));

        for (String hot : new String[] {"gateway", "logging", "pipeline", "store"}) {
            assertThat(stack.javaOptions(hot))
                    .as(hot)
                    .noneMatch(option -> option.startsWith("-XX:TieredStopAtLevel"))
                    .anyMatch(option -> option.startsWith("-Xmx"));
        }
        assertThat(stack.javaOptions("pipeline")).contains("-Xmx512m", "-Xmn128m");
        // the initial heap holds the fixed young generation, and comes after the hot options' -Xms64m (the last wins)
        List<String> logging = stack.javaOptions("logging");
        assertThat(logging).contains("-Xmn96m");
        assertThat(logging.lastIndexOf("-Xms160m")).isGreaterThan(logging.indexOf("-Xms64m"));
        assertThat(stack.javaOptions("auth")).contains("-XX:TieredStopAtLevel=1", "-Xmx160m");
    }

    @Test
    void javaOptions_anOperatorsHeapIsKept() {
        DevStack stack = new DevStack(StackSettings.fromEnvironment(
                Map.of("DEVSTACK_HOT_JAVA_OPTS", "-Xmx1g -XX:+UseParallelGC", "DEVSTACK_HOT_SERVICES", "pipeline")));

        assertThat(stack.javaOptions("pipeline")).containsExactly("-Xmx1g", "-XX:+UseParallelGC");
        assertThat(stack.javaOptions("store")).contains("-XX:TieredStopAtLevel=1");
    }

    @Test
    void serviceEnvironment_setsDevModeForEveryProcess() {
        DevStack stack = new DevStack(StackSettings.fromEnvironment(Map.of()));

        for (ServiceSpec service : ServiceSpec.all()) {
            assertThat(stack.serviceEnvironment(service))
                    .as(service.name())
                    .containsEntry("SHOPWATCH_DEV_MODE", "true");
        }
    }

    @Test
    void topics_includeRawDeadLetterAndStored() {
        assertThat(KafkaBroker.topics().stream().map(t -> t.name()))
                .contains("shopwatch.logs.raw", "shopwatch.logs.raw.dlq", "shopwatch.stored");
    }
}
