package io.shopwatch.alert.testing;

import io.shopwatch.alert.AlertServiceApplication;
import io.shopwatch.common.security.Role;
import io.shopwatch.testkit.TestTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The service started in this JVM on a free port, as a user would run it, with settings for tests. */
public final class AlertServiceInstance implements AutoCloseable {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The key channel secrets are encrypted with, unless a test sets another (base64 of 32 bytes). */
    public static final String TEST_SECRETS_KEY = "c2hvcHdhdGNoLWFsZXJ0LXRlc3Qtc2VjcmV0cy1rZXk=";

    private final ConfigurableApplicationContext context;
    private final String base;

    private AlertServiceInstance(ConfigurableApplicationContext context) {
        this.context = context;
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        this.base = "http://127.0.0.1:" + port;
    }

    /** Starts a replica on the given database with short lease and poll timings. */
    public static AlertServiceInstance start(String jdbcUrl, String replica, Map<String, String> extra) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("server.port", "0");
        // requests carry access tokens of the test kit's key (see send)
        p.put("shopwatch.security.jwks-url", TestTokens.shared().jwksUrl());
        p.put("shopwatch.alert.database.url", jdbcUrl);
        p.put("shopwatch.alert.database.user", "postgres");
        p.put("shopwatch.alert.database.password", "postgres");
        p.put("shopwatch.alert.replica-id", replica);
        p.put("shopwatch.alert.lease-ttl", "2s");
        p.put("shopwatch.alert.lease-renew", "250ms");
        p.put("shopwatch.alert.poll-interval", "50ms");
        p.put("shopwatch.alert.config-poll-interval", "200ms");
        p.put("shopwatch.alert.webhook-allowed-hosts", "127.0.0.1");
        p.put("shopwatch.alert.rules.realtime.enabled", "false");
        // a fixed key shared by replicas on the same database (no key file in the working directory)
        p.put("shopwatch.alert.secrets.key", TEST_SECRETS_KEY);
        p.put("logging.structured.format.console", "");
        p.put("logging.level.root", "WARN");
        p.put("logging.level.io.shopwatch", "INFO");
        p.put("springdoc.api-docs.enabled", "false");
        p.putAll(extra);
        String[] args = p.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(AlertServiceApplication.class).run(args);
        return new AlertServiceInstance(ctx);
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public String url() {
        return base;
    }

    public HttpResponse<String> send(String method, String path, String org, String contentType, String body)
            throws IOException, InterruptedException {
        return send(method, path, TestTokens.shared().token(org, Role.ADMIN), contentType, body, true);
    }

    /** Sends with the given access token (null: none); the org and roles are the token's. */
    public HttpResponse<String> send(
            String method, String path, String token, String contentType, String body, boolean withToken)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
        if (withToken && token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path, String org) throws IOException, InterruptedException {
        return send("GET", path, org, null, null);
    }

    public HttpResponse<String> postJson(String path, String org, String json)
            throws IOException, InterruptedException {
        return send("POST", path, org, "application/json", json);
    }

    public HttpResponse<String> putYaml(String path, String org, String yaml) throws IOException, InterruptedException {
        return send("PUT", path, org, "application/yaml", yaml);
    }

    @Override
    public void close() {
        context.close();
    }
}
