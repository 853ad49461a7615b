package io.shopwatch.alert.state;

import io.shopwatch.alert.alertmanager.Alertmanagers;
import io.shopwatch.alert.config.ConfigException;
import io.shopwatch.alert.db.JsonCodec;
import io.shopwatch.alert.matcher.Matcher;
import io.shopwatch.alert.rule.AlertRuleEngine;
import io.shopwatch.alert.rule.RuleService;
import io.shopwatch.alert.rule.RuleSpec;
import io.shopwatch.alert.secrets.SecretBox;
import io.shopwatch.alert.secrets.SecretRedactor;
import io.shopwatch.alert.silence.Silence;
import io.shopwatch.alert.silence.SilenceException;
import io.shopwatch.alert.silence.Silences;
import io.shopwatch.common.state.ConflictPolicy;
import io.shopwatch.common.state.StateDocument;
import io.shopwatch.common.state.StateImportPlan;
import io.shopwatch.common.state.StateImportResult;
import io.shopwatch.common.web.ShopWatchException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An org's alerting state as a {@link StateDocument} (service {@code alerts}), and back. Sections:
 *
 * <ul>
 *   <li>{@code config}: the Alertmanager configuration in force, one item {@code alertmanager} with
 *       {@code yaml_encrypted}, the text exactly as stored — encrypted with the service's secrets key and the org as
 *       associated data, so channel secrets never leave the service in clear;
 *   <li>{@code rules}: {@code id, spec, source} of every alert rule;
 *   <li>{@code silences}: {@code id, matchers, starts_at, ends_at, created_by, comment} (expired ones too: the API
 *       lists them);
 *   <li>{@code acks}: acknowledgements of alert groups, {@code id} (the group id), {@code group_key, acked_by,
 *       comment, acked_at, expires_at}.
 * </ul>
 *
 * Not state: configuration history, rule versions and instance state, alerts (sources send them again and rules
 * evaluate again), the notification log, outbox and escalations in progress, silences' {@code updatedAt} (a restored
 * or overwritten silence is written now, so that it wins over older copies on every replica). An import runs in one
 * transaction; the running service then applies it (rules reconciled, configuration and silences applied).
 */
public final class AlertStateExporter {

    public static final String SERVICE = "alerts";
    public static final String CONFIG = "config";
    public static final String RULES = "rules";
    public static final String SILENCES = "silences";
    public static final String ACKS = "acks";
    /** The id of the one item of the {@code config} section. */
    public static final String ALERTMANAGER = "alertmanager";

    private static final Set<String> SECTIONS = Set.of(CONFIG, RULES, SILENCES, ACKS);

    private final DataSource dataSource;
    private final SecretBox box;
    private final Alertmanagers alertmanagers;
    private final AlertRuleEngine engine;
    private final Clock clock;

    public AlertStateExporter(
            DataSource dataSource, SecretBox box, Alertmanagers alertmanagers, AlertRuleEngine engine, Clock clock) {
        this.dataSource = dataSource;
        this.box = box;
        this.alertmanagers = alertmanagers;
        this.engine = engine;
        this.clock = clock;
    }

    public StateDocument export(String org) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                Map<String, List<JsonNode>> sections = new LinkedHashMap<>();
                sections.put(CONFIG, config(c, org));
                sections.put(RULES, rules(c, org));
                sections.put(SILENCES, silences(c, org));
                sections.put(ACKS, acks(c, org));
                return new StateDocument(StateDocument.FORMAT, SERVICE, org, clock.instant(), sections);
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the alerting state: " + e.getMessage(), e);
        }
    }

    /**
     * Imports {@code document} into {@code org}. A conflict under {@code fail} refuses everything (409) unless it is a
     * dry run, which only reports. Every item is checked before anything is written (400 for a bad one).
     */
    public StateImportResult importState(String org, StateDocument document, ConflictPolicy policy, boolean dryRun) {
        if (document.format() != StateDocument.FORMAT || !SERVICE.equals(document.service())) {
            throw ShopWatchException.invalid("not an " + SERVICE + " state document of format " + StateDocument.FORMAT);
        }
        for (String section : document.sections().keySet()) {
            if (!SECTIONS.contains(section)) {
                throw ShopWatchException.invalid("unknown section " + section);
            }
        }
        String from = document.org() == null || document.org().isBlank() ? org : document.org();
        Map<String, String> configs = new LinkedHashMap<>();
        for (JsonNode item : document.sections().getOrDefault(CONFIG, List.of())) {
            configs.put(StateDocument.id(item), checkConfig(item, from));
        }
        for (JsonNode item : document.sections().getOrDefault(RULES, List.of())) {
            RuleService.validate(org, spec(item));
        }
        for (JsonNode item : document.sections().getOrDefault(SILENCES, List.of())) {
            silence(item, Instant.EPOCH);
        }
        for (JsonNode item : document.sections().getOrDefault(ACKS, List.of())) {
            checkAck(item);
        }
        StateImportPlan plan = StateImportPlan.of(document, existing(org, document, configs), policy);
        if (dryRun) {
            return plan.result(true);
        }
        if (plan.refused()) {
            throw ShopWatchException.conflict(plan.conflictDetail());
        }
        List<Silence> written = write(org, from, plan, configs);
        if (plan.writes().stream().anyMatch(a -> CONFIG.equals(a.section()))) {
            alertmanagers.refreshConfigs();
        }
        if (plan.writes().stream().anyMatch(a -> RULES.equals(a.section()))) {
            engine.reconcile();
        }
        written.forEach(s -> alertmanagers.applySilence(org, s));
        return plan.result(false);
    }

    /**
     * What exists, as it would be exported; a stored configuration whose text equals the imported one counts as the
     * imported item (the same text encrypted twice differs, as it must), so it is unchanged rather than a conflict.
     */
    private Map<String, Map<String, JsonNode>> existing(
            String org, StateDocument document, Map<String, String> incomingConfigs) {
        Map<String, Map<String, JsonNode>> existing = new LinkedHashMap<>();
        export(org).sections().forEach((section, items) -> {
            Map<String, JsonNode> byId = new LinkedHashMap<>();
            items.forEach(i -> byId.put(StateDocument.id(i), i));
            existing.put(section, byId);
        });
        Map<String, JsonNode> config = existing.get(CONFIG);
        JsonNode current = config.get(ALERTMANAGER);
        String incoming = incomingConfigs.get(ALERTMANAGER);
        if (current != null && incoming != null) {
            String text = box.decrypt(current.path("yaml_encrypted").asString(), org);
            if (text.equals(incoming)) {
                document.sections().get(CONFIG).forEach(item -> config.put(ALERTMANAGER, item));
            }
        }
        return existing;
    }

    private List<Silence> write(String org, String from, StateImportPlan plan, Map<String, String> configs) {
        List<Silence> silences = new ArrayList<>();
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (StateImportPlan.Action action : plan.writes()) {
                    JsonNode item = action.item();
                    switch (action.section()) {
                        case CONFIG -> writeConfig(c, org, from, item, configs.get(action.id()));
                        case RULES -> writeRule(c, org, action.id(), item);
                        case SILENCES -> silences.add(writeSilence(c, org, silence(item, now)));
                        case ACKS -> writeAck(c, org, action.id(), item);
                        default -> throw new IllegalStateException("unknown section " + action.section());
                    }
                }
                c.commit();
                return silences;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw ShopWatchException.conflict("the import clashes with what exists: " + e.getMessage());
            }
            throw new IllegalStateException("cannot import the alerting state: " + e.getMessage(), e);
        }
    }

    // --- config

    private List<JsonNode> config(Connection c, String org) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT yaml FROM alert_config WHERE org = ? ORDER BY version DESC LIMIT 1")) {
            ps.setString(1, org);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return List.of();
                }
                ObjectNode item = JsonCodec.MAPPER.createObjectNode();
                item.put("id", ALERTMANAGER);
                item.put("yaml_encrypted", rs.getString(1));
                return List.of(item);
            }
        }
    }

    /** The configuration's text, decrypted to check it: it must be readable with a configured key and parse. */
    private String checkConfig(JsonNode item, String from) {
        if (!ALERTMANAGER.equals(StateDocument.id(item))) {
            throw ShopWatchException.invalid("config: the only item is " + ALERTMANAGER);
        }
        String stored = item.path("yaml_encrypted").asString("");
        if (stored.isEmpty()) {
            throw ShopWatchException.invalid("config: yaml_encrypted is empty");
        }
        String text;
        try {
            text = box.decrypt(stored, from);
        } catch (RuntimeException e) {
            throw ShopWatchException.invalid("config: the configuration was encrypted with key "
                    + SecretBox.keyIdOf(stored) + " for org " + from + " and cannot be decrypted here (this service's"
                    + " keys: " + String.join(", ", box.keyIds())
                    + "); add that key to ALERT_SECRETS_PREVIOUS_KEYS");
        }
        try {
            alertmanagers.parse(text);
        } catch (ConfigException e) {
            throw ShopWatchException.invalid(
                    "config: the configuration does not parse: " + SecretRedactor.scrub(e.getMessage()));
        }
        return text;
    }

    private void writeConfig(Connection c, String org, String from, JsonNode item, String text) throws SQLException {
        String stored = item.path("yaml_encrypted").asString();
        // the text as it was stored when it is for this org with a key of this service, else encrypted again for it
        String value = from.equals(org) && SecretBox.isEncrypted(stored) ? stored : box.encrypt(text, org);
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO alert_config (org, version, yaml, created_by)
                SELECT ?, coalesce(max(version), 0) + 1, ?, 'state-import' FROM alert_config WHERE org = ?
                """)) {
            ps.setString(1, org);
            ps.setString(2, value);
            ps.setString(3, org);
            ps.executeUpdate();
        }
    }

    // --- rules

    private static List<JsonNode> rules(Connection c, String org) throws SQLException {
        List<JsonNode> out = new ArrayList<>();
        try (PreparedStatement ps =
                c.prepareStatement("SELECT id, spec, source FROM alert_rule WHERE org = ? ORDER BY id")) {
            ps.setString(1, org);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ObjectNode item = JsonCodec.MAPPER.createObjectNode();
                    item.put("id", rs.getString(1));
                    item.set("spec", JsonCodec.MAPPER.readTree(rs.getString(2)));
                    item.put("source", rs.getString(3));
                    out.add(item);
                }
            }
        }
        return out;
    }

    private static RuleSpec spec(JsonNode item) {
        String id = StateDocument.id(item);
        if (!item.path("spec").isObject()) {
            throw ShopWatchException.invalid("rule " + id + ": no spec");
        }
        try {
            return JsonCodec.MAPPER.treeToValue(item.get("spec"), RuleSpec.class);
        } catch (JacksonException e) {
            throw ShopWatchException.invalid("rule " + id + ": " + e.getOriginalMessage());
        }
    }

    private static void writeRule(Connection c, String org, String id, JsonNode item) throws SQLException {
        RuleSpec spec = spec(item);
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO alert_rule (org, id, name, spec, source, version)
                VALUES (?, ?, ?, ?, ?, 1)
                ON CONFLICT (org, id) DO UPDATE SET name = EXCLUDED.name, spec = EXCLUDED.spec,
                    source = EXCLUDED.source, version = alert_rule.version + 1, updated_at = now()
                """)) {
            ps.setString(1, org);
            ps.setString(2, id);
            ps.setString(3, spec.name());
            // the spec as stored: the text it was exported from
            ps.setString(4, JsonCodec.MAPPER.writeValueAsString(item.get("spec")));
            ps.setString(5, item.path("source").asString("api"));
            ps.executeUpdate();
        }
    }

    // --- silences

    private static List<JsonNode> silences(Connection c, String org) throws SQLException {
        List<JsonNode> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, matchers, starts_at, ends_at, created_by, comment FROM silence WHERE org = ? ORDER BY id")) {
            ps.setString(1, org);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ObjectNode item = JsonCodec.MAPPER.createObjectNode();
                    item.put("id", rs.getString(1));
                    item.set("matchers", JsonCodec.MAPPER.readTree(rs.getString(2)));
                    item.put("starts_at", rs.getTimestamp(3).toInstant().toString());
                    item.put("ends_at", rs.getTimestamp(4).toInstant().toString());
                    item.put("created_by", rs.getString(5));
                    item.put("comment", rs.getString(6));
                    out.add(item);
                }
            }
        }
        return out;
    }

    /** The silence an item describes, updated at {@code updatedAt}; 400 when it is not a valid silence. */
    private static Silence silence(JsonNode item, Instant updatedAt) {
        String id = StateDocument.id(item);
        try {
            List<Matcher> matchers = new ArrayList<>();
            for (JsonNode m : item.path("matchers")) {
                matchers.add(Matcher.of(
                        m.path("name").asString(),
                        Matcher.Type.of(
                                m.path("isRegex").asBoolean(), m.path("isEqual").asBoolean(true)),
                        m.path("value").asString()));
            }
            Silence silence = new Silence(
                    id,
                    matchers,
                    StateDocument.instant(item, "starts_at"),
                    StateDocument.instant(item, "ends_at"),
                    updatedAt,
                    item.path("created_by").asString(""),
                    item.path("comment").asString(""));
            Silences.validate(silence);
            return silence;
        } catch (SilenceException | IllegalArgumentException e) {
            throw ShopWatchException.invalid("silence " + id + ": " + e.getMessage());
        }
    }

    private static Silence writeSilence(Connection c, String org, Silence s) throws SQLException {
        List<Map<String, Object>> matchers = new ArrayList<>();
        for (Matcher m : s.matchers()) {
            Map<String, Object> mm = new LinkedHashMap<>();
            mm.put("name", m.name());
            mm.put("value", m.value());
            mm.put("isRegex", m.type().isRegex());
            mm.put("isEqual", m.type().isEqual());
            matchers.add(mm);
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO silence (org, id, matchers, starts_at, ends_at, updated_at, created_by, comment, tx)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, pg_current_xact_id())
                ON CONFLICT (org, id) DO UPDATE SET matchers = EXCLUDED.matchers, starts_at = EXCLUDED.starts_at,
                    ends_at = EXCLUDED.ends_at, updated_at = EXCLUDED.updated_at, created_by = EXCLUDED.created_by,
                    comment = EXCLUDED.comment, tx = EXCLUDED.tx
                """)) {
            ps.setString(1, org);
            ps.setString(2, s.id());
            ps.setString(3, JsonCodec.write(matchers));
            ps.setTimestamp(4, Timestamp.from(s.startsAt()));
            ps.setTimestamp(5, Timestamp.from(s.endsAt()));
            ps.setTimestamp(6, Timestamp.from(s.updatedAt()));
            ps.setString(7, s.createdBy());
            ps.setString(8, s.comment());
            ps.executeUpdate();
        }
        return s;
    }

    // --- acknowledgements

    private static List<JsonNode> acks(Connection c, String org) throws SQLException {
        List<JsonNode> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT group_id, group_key, acked_by, comment, acked_at, expires_at FROM alert_group_ack"
                        + " WHERE org = ? ORDER BY group_id")) {
            ps.setString(1, org);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ObjectNode item = JsonCodec.MAPPER.createObjectNode();
                    item.put("id", rs.getString(1));
                    item.put("group_key", rs.getString(2));
                    item.put("acked_by", rs.getString(3));
                    item.put("comment", rs.getString(4));
                    item.put("acked_at", rs.getTimestamp(5).toInstant().toString());
                    item.put("expires_at", rs.getTimestamp(6).toInstant().toString());
                    out.add(item);
                }
            }
        }
        return out;
    }

    private static void checkAck(JsonNode item) {
        String id = StateDocument.id(item);
        if (item.path("group_key").asString("").isEmpty()) {
            throw ShopWatchException.invalid("ack " + id + ": no group_key");
        }
        StateDocument.instant(item, "acked_at");
        StateDocument.instant(item, "expires_at");
    }

    private static void writeAck(Connection c, String org, String id, JsonNode item) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO alert_group_ack (org, group_id, group_key, acked_by, comment, acked_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (org, group_id) DO UPDATE SET group_key = EXCLUDED.group_key,
                    acked_by = EXCLUDED.acked_by, comment = EXCLUDED.comment, acked_at = EXCLUDED.acked_at,
                    expires_at = EXCLUDED.expires_at
                """)) {
            ps.setString(1, org);
            ps.setString(2, id);
            ps.setString(3, item.path("group_key").asString());
            ps.setString(4, item.path("acked_by").asString(""));
            ps.setString(5, item.path("comment").asString(""));
            ps.setTimestamp(6, Timestamp.from(StateDocument.instant(item, "acked_at")));
            ps.setTimestamp(7, Timestamp.from(StateDocument.instant(item, "expires_at")));
            ps.executeUpdate();
        }
    }
}
