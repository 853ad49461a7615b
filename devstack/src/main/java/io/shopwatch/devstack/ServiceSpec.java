package io.shopwatch.devstack;

import java.util.List;

/**
 * One ShopWatch process of the local stack.
 *
 * @param name short name used for log files and the gateway's {@code /health/{name}} route
 * @param module Maven module whose {@code target/<module>.jar} is started
 * @param port HTTP port on loopback
 * @param healthPath path that answers 200 when the process is ready
 */
record ServiceSpec(String name, String module, int port, String healthPath) {

    static final String ACTUATOR_HEALTH = "/actuator/health/readiness";

    /** Every process in start order: the store first, the gateway last. */
    static List<ServiceSpec> all() {
        return List.of(
                new ServiceSpec("store", "embedded-store", 5080, "/healthz"),
                new ServiceSpec("auth", "auth-service", 8081, ACTUATOR_HEALTH),
                new ServiceSpec("config", "config-service", 8082, ACTUATOR_HEALTH),
                new ServiceSpec("logging", "logging-service", 8083, ACTUATOR_HEALTH),
                new ServiceSpec("metrics", "metrics-service", 8084, ACTUATOR_HEALTH),
                new ServiceSpec("tracing", "tracing-service", 8085, ACTUATOR_HEALTH),
                new ServiceSpec("pipeline", "pipeline-service", 8086, ACTUATOR_HEALTH),
                new ServiceSpec("alert", "alert-service", 8087, ACTUATOR_HEALTH),
                new ServiceSpec("dashboard", "dashboard-service", 8088, ACTUATOR_HEALTH),
                new ServiceSpec("backup", "backup-service", 8089, ACTUATOR_HEALTH),
                new ServiceSpec("performance", "performance-service", 8090, ACTUATOR_HEALTH),
                new ServiceSpec("gateway", "gateway-service", 8080, ACTUATOR_HEALTH));
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    String schema() {
        return name.replace('-', '_');
    }
}
