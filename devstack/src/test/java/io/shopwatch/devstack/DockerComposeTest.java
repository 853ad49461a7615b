package io.shopwatch.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.common.startup.DevDefault;
import io.shopwatch.common.startup.DevDefaults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml cannot be run here, so it is checked against the code: every service module is in it under its
 * own name, on the port its application.yml uses, with only environment variables its application.yml reads, a
 * health check, a memory limit and healthy dependencies; and no container relies on a development credential (the
 * services run outside dev mode there and would refuse to start).
 */
class DockerComposeTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern SERVER_PORT = Pattern.compile("\\$\\{SERVER_PORT:(\\d+)}");

    private static Map<String, Object> compose;
    private static Map<String, Map<String, Object>> services;
    private static List<String> serviceModules;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws IOException {
        compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        services = (Map<String, Map<String, Object>>) compose.get("services");
        Matcher m = MODULE.matcher(Files.readString(ROOT.resolve("pom.xml")));
        List<String> modules = new java.util.ArrayList<>();
        while (m.find()) {
            modules.add(m.group(1));
        }
        serviceModules = modules.stream().filter(n -> n.endsWith("-service")).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    private static String applicationYml(String module) throws IOException {
        return Files.readString(ROOT.resolve(module).resolve("src/main/resources/application.yml"));
    }

    @Test
    void everyServiceModule_isAComposeServiceBuiltFromItsModule() {
        assertThat(serviceModules).hasSize(11);
        Set<String> built = services.entrySet().stream()
                .filter(e -> map(e.getValue(), "build").containsKey("args"))
                .map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(built).containsExactlyInAnyOrderElementsOf(serviceModules);
        for (String module : serviceModules) {
            Map<String, Object> build = map(services.get(module), "build");
            assertThat(map(build, "args")).containsEntry("MODULE", module);
            assertThat(build).containsEntry("dockerfile", "Dockerfile");
        }
        assertThat(Files.exists(ROOT.resolve("Dockerfile"))).isTrue();
    }

    @Test
    void ports_matchApplicationYmlAndTheLocalStack() throws IOException {
        Map<String, Integer> stackPorts =
                ServiceSpec.all().stream().collect(Collectors.toMap(ServiceSpec::module, ServiceSpec::port));
        for (String module : serviceModules) {
            Matcher port = SERVER_PORT.matcher(applicationYml(module));
            assertThat(port.find())
                    .as("%s application.yml declares ${SERVER_PORT:...}", module)
                    .isTrue();
            int declared = Integer.parseInt(port.group(1));
            Object composePort = map(services.get(module), "environment").get("SERVER_PORT");
            assertThat(String.valueOf(composePort)).as("%s SERVER_PORT", module).isEqualTo(String.valueOf(declared));
            assertThat(stackPorts.get(module))
                    .as("%s port in the local stack", module)
                    .isEqualTo(declared);
        }
        assertThat(String.valueOf(services.get("gateway-service").get("ports"))).contains("8080:8080");
    }

    @Test
    void environment_usesOnlyVariablesTheServiceReads() throws IOException {
        Map<String, Set<String>> unknown = new LinkedHashMap<>();
        for (String module : serviceModules) {
            String yml = applicationYml(module);
            Set<String> missing = map(services.get(module), "environment").keySet().stream()
                    .filter(key -> !yml.contains("${" + key + ":") && !yml.contains("${" + key + "}"))
                    .collect(Collectors.toCollection(TreeSet::new));
            if (!missing.isEmpty()) {
                unknown.put(module, missing);
            }
        }
        assertThat(unknown)
                .as("variables set in docker-compose.yml that application.yml does not read")
                .isEmpty();
    }

    @Test
    void everyContainer_hasHealthCheckMemoryLimitAndHealthyDependencies() {
        for (Map.Entry<String, Map<String, Object>> service : services.entrySet()) {
            String name = service.getKey();
            assertThat(map(service.getValue(), "healthcheck"))
                    .as("%s healthcheck", name)
                    .containsKey("test");
            assertThat(map(map(map(service.getValue(), "deploy"), "resources"), "limits"))
                    .as("%s memory limit", name)
                    .containsKey("memory");
            map(service.getValue(), "depends_on").forEach((dependency, condition) -> {
                assertThat(services).as("%s depends on %s", name, dependency).containsKey(dependency);
                assertThat(String.valueOf(condition)).contains("service_healthy");
            });
        }
        for (String module : serviceModules) {
            String port =
                    String.valueOf(map(services.get(module), "environment").get("SERVER_PORT"));
            assertThat(String.valueOf(map(services.get(module), "healthcheck").get("test")))
                    .contains("localhost:" + port + "/actuator/health");
        }
    }

    @Test
    void noContainer_reliesOnADevelopmentDefault() {
        Pattern fallback = Pattern.compile("\\$\\{([A-Z0-9_]+):?-([^}]*)}");
        List<String> found = new java.util.ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> service : services.entrySet()) {
            map(service.getValue(), "environment").forEach((name, value) -> {
                String text = String.valueOf(value);
                Matcher m = fallback.matcher(text);
                while (m.find()) {
                    if (isDevelopmentValue(m.group(2))) {
                        found.add(service.getKey() + " " + name + " falls back to a development value");
                    }
                }
                if (isDevelopmentValue(text)) {
                    found.add(service.getKey() + " " + name + " is a development value");
                }
                if (name.equals(DevDefaults.DEV_MODE_VARIABLE)) {
                    found.add(service.getKey() + " sets " + name);
                }
            });
        }
        assertThat(found).isEmpty();
    }

    @Test
    void everyCredentialWithADevelopmentDefault_isSetByCompose() throws IOException {
        Map<String, Set<String>> missing = new LinkedHashMap<>();
        for (String module : serviceModules) {
            String yml = applicationYml(module);
            Map<String, Object> environment = map(services.get(module), "environment");
            for (DevDefault credential : DevDefaults.CREDENTIALS) {
                Matcher m = Pattern.compile("\\$\\{" + credential.variable() + ":([^}]*)}")
                        .matcher(yml);
                while (m.find()) {
                    if (credential.isDevelopmentValue(m.group(1))
                            && !setExplicitly(environment.get(credential.variable()))) {
                        missing.computeIfAbsent(module, k -> new TreeSet<>()).add(credential.variable());
                    }
                }
            }
        }
        assertThat(missing)
                .as("credentials whose application.yml default is a development value, not required by compose")
                .isEmpty();
    }

    /** Required from the operator ({@code ${VAR:?message}}), or a literal that is not a development value. */
    private static boolean setExplicitly(Object value) {
        if (value == null) {
            return false;
        }
        String text = String.valueOf(value);
        return text.matches("\\$\\{[A-Z0-9_]+:\\?[^}]*}") || (!text.contains("${") && !isDevelopmentValue(text));
    }

    private static boolean isDevelopmentValue(String value) {
        return DevDefaults.CREDENTIALS.stream().anyMatch(credential -> credential.isDevelopmentValue(value));
    }

    @Test
    void infrastructure_isTheRealProducts() {
        assertThat(String.valueOf(services.get("openobserve").get("image"))).startsWith("openobserve/openobserve:");
        assertThat(String.valueOf(services.get("kafka").get("image"))).startsWith("apache/kafka:");
        assertThat(String.valueOf(services.get("postgres").get("image"))).startsWith("postgres:");
        assertThat(String.valueOf(services.get("redis").get("image"))).startsWith("redis:");
        assertThat(map(services.get("kafka"), "environment")).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller");
    }
}
