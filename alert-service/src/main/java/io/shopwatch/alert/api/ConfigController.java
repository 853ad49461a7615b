package io.shopwatch.alert.api;

import io.shopwatch.alert.alertmanager.Alertmanagers;
import io.shopwatch.alert.alertmanager.OrgAlertmanager;
import io.shopwatch.alert.config.AlertmanagerConfig;
import io.shopwatch.alert.config.ConfigError;
import io.shopwatch.alert.config.ConfigException;
import io.shopwatch.alert.config.ConfigRepository;
import io.shopwatch.alert.db.JsonCodec;
import io.shopwatch.alert.notify.OutboundUrlPolicy;
import io.shopwatch.alert.secrets.SecretRedactor;
import io.shopwatch.common.security.servlet.OrgResolver;
import io.shopwatch.common.web.ShopWatchException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An organisation's Alertmanager configuration in Alertmanager's own format: read and replaced as YAML
 * ({@code application/yaml}) or its JSON form, validated with line-precise errors, versioned, applied at once.
 *
 * <p>Channel secrets never leave: every read returns them as {@code <secret>} ({@link SecretRedactor}, comments
 * dropped), and a {@code <secret>} sent back in a new configuration keeps the value of the configuration in force, so
 * that a read-edit-write round trip changes only what was edited.
 */
@RestController
@RequestMapping("/api/v1/alerts/config")
@Tag(name = "Alert configuration")
public class ConfigController {

    static final String YAML = "application/yaml";
    static final String VERSION_HEADER = "X-ShopWatch-Config-Version";

    /** The answer to a stored configuration. */
    public record Stored(int version, List<String> warnings) {}

    /** One version in the history. */
    public record VersionEntry(int version, Instant createdAt, String createdBy) {}

    private final Alertmanagers alertmanagers;
    private final ConfigRepository repository;
    private final OrgResolver orgs;
    private final OutboundUrlPolicy urlPolicy;
    private final SecretRedactor redactor;

    public ConfigController(
            Alertmanagers alertmanagers,
            ConfigRepository repository,
            OrgResolver orgs,
            OutboundUrlPolicy urlPolicy,
            SecretRedactor redactor) {
        this.alertmanagers = alertmanagers;
        this.repository = repository;
        this.orgs = orgs;
        this.urlPolicy = urlPolicy;
        this.redactor = redactor;
    }

    @GetMapping(produces = {YAML, "application/x-yaml", "text/yaml", MediaType.TEXT_PLAIN_VALUE})
    @Operation(summary = "The configuration in force, as YAML, with channel secrets as <secret>")
    public ResponseEntity<String> getYaml(HttpServletRequest request) {
        OrgAlertmanager am = alertmanagers.get(orgs.org(request));
        return ResponseEntity.ok()
                .header(VERSION_HEADER, Integer.toString(am.configVersion()))
                .contentType(MediaType.parseMediaType(YAML))
                .body(redactor.redact(am.config().source()));
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The configuration in force, in its JSON form, with channel secrets as <secret>")
    public ResponseEntity<String> getJson(HttpServletRequest request) {
        OrgAlertmanager am = alertmanagers.get(orgs.org(request));
        Object tree = redactor.redactedTree(am.config().source());
        return ResponseEntity.ok()
                .header(VERSION_HEADER, Integer.toString(am.configVersion()))
                .contentType(MediaType.APPLICATION_JSON)
                .body(JsonCodec.write(tree));
    }

    @PutMapping(
            consumes = {
                YAML,
                "application/x-yaml",
                "text/yaml",
                MediaType.APPLICATION_JSON_VALUE,
                MediaType.TEXT_PLAIN_VALUE
            },
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Validate, store as a new version and apply a configuration",
            description = "A <secret> value of a channel secret keeps the value of the configuration in force (same"
                    + " receiver name, integration type, index and setting); 400 if there is none. A receiver URL"
                    + " whose host is an internal IP literal (or localhost) is refused unless allow-listed"
                    + " (SHOPWATCH_WEBHOOK_ALLOWLIST).")
    public Stored put(@RequestBody String body, HttpServletRequest request) {
        String org = orgs.org(request);
        String text;
        try {
            text = redactor.restore(body, alertmanagers.get(org).config().source());
        } catch (SecretRedactor.MissingSecretException e) {
            throw new ConfigRejectedException(e.missing().stream()
                    .map(m -> new ConfigError(
                            m.line(),
                            m.column(),
                            m.path(),
                            SecretRedactor.PLACEHOLDER + " keeps the current value, but the configuration in force has"
                                    + " none here; send the value itself"))
                    .toList());
        }
        AlertmanagerConfig config;
        try {
            config = alertmanagers.parseForStore(text, urlPolicy::refusedAtStore);
        } catch (ConfigException e) {
            throw new ConfigRejectedException(e.errors());
        }
        java.security.Principal caller = request.getUserPrincipal();
        String by = caller == null ? null : caller.getName();
        int version = alertmanagers.storeConfig(org, config, by == null || by.isBlank() ? "api" : by);
        return new Stored(version, config.warnings());
    }

    @GetMapping(path = "/versions", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The stored versions, newest first")
    public List<VersionEntry> versions(HttpServletRequest request) {
        return repository.versions(orgs.org(request)).stream()
                .map(v -> new VersionEntry(v.version(), v.createdAt(), v.createdBy()))
                .toList();
    }

    @GetMapping(
            path = "/versions/{version}",
            produces = {YAML, MediaType.TEXT_PLAIN_VALUE})
    @Operation(summary = "One stored version, as YAML, with channel secrets as <secret>")
    public ResponseEntity<String> version(@PathVariable int version, HttpServletRequest request) {
        ConfigRepository.Version v = repository
                .version(orgs.org(request), version)
                .orElseThrow(() -> ShopWatchException.notFound("configuration version", version));
        return ResponseEntity.ok()
                .header(VERSION_HEADER, Integer.toString(v.version()))
                .contentType(MediaType.parseMediaType(YAML))
                .body(redactor.redact(v.yaml()));
    }
}
