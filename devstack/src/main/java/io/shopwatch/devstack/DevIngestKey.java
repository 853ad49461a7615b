package io.shopwatch.devstack;

import io.shopwatch.common.security.IdentityHeaders;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The local stack's development ingest key: an API key with the {@code ingest} role in org {@code default}, made
 * through auth-service's API-key API as its development admin and kept in {@code <data dir>/ingest-key}, so that the
 * storefront simulator (and a storefront service under development) can post through the gateway. A key kept from an
 * earlier run is used again while auth-service accepts it; otherwise earlier keys of the stack are revoked and a new
 * one is made.
 */
final class DevIngestKey {

    static final String NAME = "devstack-ingest";
    static final String ORG = "default";
    static final String ROLE = "ingest";
    static final String FILE_NAME = "ingest-key";

    private static final Logger log = LoggerFactory.getLogger(DevIngestKey.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final StackSettings settings;
    private final HttpClient http;
    private final StackLogin login;

    DevIngestKey(StackSettings settings, HttpClient http) {
        this.settings = settings;
        this.http = http;
        this.login = new StackLogin(settings, http);
    }

    /** Where the key is kept. */
    static Path file(StackSettings settings) {
        return settings.dataDir().resolve(FILE_NAME);
    }

    /** The key to ingest with. */
    String ensure() throws IOException, InterruptedException {
        Path file = file(settings);
        if (Files.exists(file)) {
            String kept = Files.readString(file).trim();
            if (!kept.isEmpty() && valid(kept)) {
                return kept;
            }
            log.info("the ingest key in {} is no longer accepted; making a new one", file);
        }
        revokeEarlierKeys();
        String key = create();
        Files.createDirectories(file.getParent());
        Files.writeString(file, key + System.lineSeparator());
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            log.debug("{} keeps the file system's default permissions", file);
        }
        if (!valid(key)) {
            throw new IOException("auth-service does not accept the new ingest key");
        }
        return key;
    }

    /**
     * Whether auth-service takes {@code key} as an ingest key of org {@code default}: asked the way the gateway asks
     * ({@code /internal/v1/api-keys/verify} with the internal secret), since an ingest key may not read
     * {@code /api/v1/auth/me} through the gateway.
     */
    boolean valid(String key) throws IOException, InterruptedException {
        HttpResponse<String> verified = http.send(
                HttpRequest.newBuilder(URI.create(serviceUrl("auth") + "/internal/v1/api-keys/verify"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .header(IdentityHeaders.INTERNAL_SECRET, settings.internalSecret())
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("key", key))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (verified.statusCode() != 200) {
            return false;
        }
        JsonNode identity = JSON.readTree(verified.body());
        return ORG.equals(identity.path("org").asString())
                && identity.path("roles").toString().contains("\"" + ROLE + "\"");
    }

    private void revokeEarlierKeys() throws IOException, InterruptedException {
        HttpResponse<String> list =
                send(HttpRequest.newBuilder(URI.create(keys())).GET());
        expect(list, 200, "list the API keys of org " + ORG);
        for (JsonNode key : JSON.readTree(list.body()).path("data")) {
            if (NAME.equals(key.path("name").asString())
                    && "active".equals(key.path("status").asString())) {
                HttpResponse<String> revoked = send(HttpRequest.newBuilder(
                                URI.create(keys() + "/" + key.path("id").asString()))
                        .DELETE());
                expect(
                        revoked,
                        204,
                        "revoke the earlier ingest key " + key.path("id").asString());
            }
        }
    }

    private String create() throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.of("name", NAME, "role", ROLE));
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(keys()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        expect(created, 201, "create the development ingest key");
        return JSON.readTree(created.body()).path("key").asString();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(
                request.timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + login.token())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void expect(HttpResponse<String> response, int status, String what) throws IOException {
        if (response.statusCode() != status) {
            throw new IOException("cannot " + what + ": " + response.statusCode() + " " + response.body());
        }
    }

    private String keys() {
        return serviceUrl("auth") + "/api/v1/orgs/" + ORG + "/api-keys";
    }

    private static String serviceUrl(String name) {
        return ServiceSpec.all().stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow()
                .baseUrl();
    }
}
