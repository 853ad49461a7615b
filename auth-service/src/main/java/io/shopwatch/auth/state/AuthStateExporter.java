package io.shopwatch.auth.state;

import io.shopwatch.auth.apikey.ApiKeyFormat;
import io.shopwatch.auth.user.PasswordHashing;
import io.shopwatch.common.security.Role;
import io.shopwatch.common.state.ConflictPolicy;
import io.shopwatch.common.state.StateDocument;
import io.shopwatch.common.state.StateImportPlan;
import io.shopwatch.common.state.StateImportResult;
import io.shopwatch.common.web.ShopWatchException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionOperations;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An org's users, roles and API keys as a {@link StateDocument} (service {@code auth}), and back. Sections:
 *
 * <ul>
 *   <li>{@code users}: {@code id} (the user name), {@code role}, {@code disabled} — the user's membership of the org;
 *   <li>{@code api_keys}: {@code id, name, role, created_at, created_by, expires_at, revoked_at, revoked_by} — the
 *       key's metadata.
 * </ul>
 *
 * By default no secret leaves: no password hash, no key hash. A <b>full</b> export adds {@code password_hash_encrypted}
 * and {@code secret_hash_encrypted}, encrypted with {@link StateCipher} (only an auth-service with the same
 * {@code SHOPWATCH_SECRET_KEY} reads them). Importing a user that does not exist without its hash creates it with a
 * random password nobody knows (an administrator resets it); a key without its hash is restored as metadata whose
 * secret matches nothing (it must be re-issued). A user's password is global: an existing user keeps theirs unless a
 * full import overwrites it. Not exported: sessions and refresh tokens, lockouts, signing keys, the audit log, the
 * platform-admin flag and the bootstrap administrator's password (the configuration's). One transaction per import.
 */
public final class AuthStateExporter {

    public static final String SERVICE = "auth";
    public static final String USERS = "users";
    public static final String API_KEYS = "api_keys";
    static final String PASSWORD = "password_hash_encrypted";
    static final String KEY_SECRET = "secret_hash_encrypted";

    private static final Set<String> SECTIONS = Set.of(USERS, API_KEYS);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcTemplate jdbc;
    private final TransactionOperations transactions;
    private final StateCipher cipher;
    private final PasswordHashing passwords;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public AuthStateExporter(
            JdbcTemplate jdbc,
            TransactionOperations transactions,
            StateCipher cipher,
            PasswordHashing passwords,
            Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.cipher = cipher;
        this.passwords = passwords;
        this.clock = clock;
    }

    /** The org's state; with {@code full}, the password and key hashes too, encrypted. */
    public StateDocument export(String org, boolean full) {
        return transactions.execute(status -> {
            Map<String, List<JsonNode>> sections = new LinkedHashMap<>();
            sections.put(USERS, sorted(users(org, full)));
            sections.put(API_KEYS, sorted(apiKeys(org, full)));
            return new StateDocument(StateDocument.FORMAT, SERVICE, org, clock.instant(), sections);
        });
    }

    /**
     * Imports {@code document} into {@code org} (created when missing). A conflict under {@code fail} refuses
     * everything (409) unless it is a dry run, which only reports.
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
        boolean full = false;
        Map<String, String> hashes = new LinkedHashMap<>();
        for (JsonNode user : document.sections().getOrDefault(USERS, List.of())) {
            String name = StateDocument.id(user);
            role(user, Set.of(Role.ADMIN, Role.OPERATOR, Role.VIEWER, Role.INGEST));
            if (user.hasNonNull(PASSWORD)) {
                full = true;
                hashes.put(USERS + "/" + name, secret(user, PASSWORD, from, "user/" + name));
            }
        }
        for (JsonNode key : document.sections().getOrDefault(API_KEYS, List.of())) {
            String id = StateDocument.id(key);
            role(key, Set.of(Role.OPERATOR, Role.VIEWER, Role.INGEST));
            StateDocument.instant(key, "created_at");
            StateDocument.optionalInstant(key, "expires_at");
            StateDocument.optionalInstant(key, "revoked_at");
            if (key.path("name").asString("").isBlank()) {
                throw ShopWatchException.invalid("api key " + id + ": no name");
            }
            if (key.hasNonNull(KEY_SECRET)) {
                full = true;
                hashes.put(API_KEYS + "/" + id, secret(key, KEY_SECRET, from, "api_key/" + id));
            }
        }
        boolean withSecrets = full;
        return transactions.execute(status -> {
            StateImportPlan plan = StateImportPlan.of(document, existing(org, document, withSecrets, hashes), policy);
            if (dryRun) {
                return plan.result(true);
            }
            if (plan.refused()) {
                throw ShopWatchException.conflict(plan.conflictDetail());
            }
            if (!plan.writes().isEmpty()) {
                jdbc.update(
                        "INSERT INTO orgs (name, created_at, created_by) VALUES (?, ?, 'state-import')"
                                + " ON CONFLICT (name) DO NOTHING",
                        org,
                        Timestamp.from(clock.instant()));
            }
            try {
                for (StateImportPlan.Action action : plan.writes()) {
                    String hash = hashes.get(action.section() + "/" + action.id());
                    if (USERS.equals(action.section())) {
                        writeUser(org, action, hash);
                    } else {
                        writeApiKey(org, action, hash);
                    }
                }
            } catch (DataIntegrityViolationException e) {
                throw ShopWatchException.conflict("the import clashes with what exists (an active API key of the"
                        + " same name, or a key id of another org)");
            }
            return plan.result(false);
        });
    }

    /**
     * What exists, exported the way the incoming document was (with or without secrets); an existing secret equal to
     * the imported one counts as the imported value (the same hash encrypted twice differs, as it must).
     */
    private Map<String, Map<String, JsonNode>> existing(
            String org, StateDocument document, boolean full, Map<String, String> hashes) {
        Map<String, Map<String, JsonNode>> existing = new LinkedHashMap<>();
        export(org, full).sections().forEach((section, items) -> {
            Map<String, JsonNode> byId = new LinkedHashMap<>();
            items.forEach(i -> byId.put(StateDocument.id(i), i));
            existing.put(section, byId);
        });
        document.sections().forEach((section, items) -> {
            String field = USERS.equals(section) ? PASSWORD : KEY_SECRET;
            String kind = USERS.equals(section) ? "user/" : "api_key/";
            for (JsonNode item : items) {
                String id = StateDocument.id(item);
                JsonNode there = existing.getOrDefault(section, Map.of()).get(id);
                String incoming = hashes.get(section + "/" + id);
                if (there != null && incoming != null && there.hasNonNull(field)) {
                    String current = new String(
                            cipher.decrypt(there.get(field).asString(), org + "/" + kind + id), StandardCharsets.UTF_8);
                    if (current.equals(incoming)) {
                        ((ObjectNode) there).put(field, item.get(field).asString());
                    }
                }
            }
        });
        return existing;
    }

    // --- users

    private List<JsonNode> users(String org, boolean full) {
        return jdbc.query(
                "SELECT u.username, u.password_hash, b.role, b.disabled FROM role_bindings b"
                        + " JOIN users u ON u.id = b.user_id WHERE b.org = ?",
                (rs, i) -> {
                    ObjectNode item = JSON.createObjectNode();
                    String name = rs.getString("username");
                    item.put("id", name);
                    item.put("role", rs.getString("role"));
                    item.put("disabled", rs.getBoolean("disabled"));
                    if (full) {
                        item.put(
                                PASSWORD,
                                cipher.encrypt(
                                        rs.getString("password_hash").getBytes(StandardCharsets.UTF_8),
                                        org + "/user/" + name));
                    }
                    return (JsonNode) item;
                },
                org);
    }

    private void writeUser(String org, StateImportPlan.Action action, String hash) {
        JsonNode item = action.item();
        String name = action.id().toLowerCase(Locale.ROOT);
        Instant now = clock.instant();
        List<Long> ids = jdbc.queryForList("SELECT id FROM users WHERE username = ?", Long.class, name);
        long userId;
        if (ids.isEmpty()) {
            // without the hash, a random password nobody knows: the user exists, an administrator resets it
            String stored = hash != null ? hash : passwords.hash(randomSecret());
            userId = jdbc.queryForObject(
                    "INSERT INTO users (username, password_hash, platform_admin, bootstrap, created_at,"
                            + " password_changed_at) VALUES (?, ?, FALSE, FALSE, ?, ?) RETURNING id",
                    Long.class,
                    name,
                    stored,
                    Timestamp.from(now),
                    Timestamp.from(now));
        } else {
            userId = ids.get(0);
            if (hash != null) {
                // a full import sets the password it holds, except the bootstrap administrator's (the configuration's)
                jdbc.update(
                        "UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ? AND NOT bootstrap"
                                + " AND password_hash <> ?",
                        hash,
                        Timestamp.from(now),
                        userId,
                        hash);
            }
        }
        jdbc.update(
                """
                INSERT INTO role_bindings (user_id, org, role, disabled, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (user_id, org) DO UPDATE SET role = EXCLUDED.role, disabled = EXCLUDED.disabled,
                    updated_at = EXCLUDED.updated_at
                """,
                userId,
                org,
                item.path("role").asString(),
                item.path("disabled").asBoolean(false),
                Timestamp.from(now),
                Timestamp.from(now));
    }

    // --- API keys

    private List<JsonNode> apiKeys(String org, boolean full) {
        return jdbc.query(
                "SELECT id, name, role, secret_hash, created_at, created_by, expires_at, revoked_at, revoked_by"
                        + " FROM api_keys WHERE org = ?",
                (rs, i) -> {
                    ObjectNode item = JSON.createObjectNode();
                    String id = rs.getString("id");
                    item.put("id", id);
                    item.put("name", rs.getString("name"));
                    item.put("role", rs.getString("role"));
                    item.put(
                            "created_at",
                            rs.getTimestamp("created_at").toInstant().toString());
                    item.put("created_by", rs.getString("created_by"));
                    putInstant(item, "expires_at", rs.getTimestamp("expires_at"));
                    putInstant(item, "revoked_at", rs.getTimestamp("revoked_at"));
                    item.put("revoked_by", rs.getString("revoked_by"));
                    if (full) {
                        item.put(
                                KEY_SECRET,
                                cipher.encrypt(
                                        Base64.getEncoder()
                                                .encodeToString(rs.getBytes("secret_hash"))
                                                .getBytes(StandardCharsets.UTF_8),
                                        org + "/api_key/" + id));
                    }
                    return (JsonNode) item;
                },
                org);
    }

    private void writeApiKey(String org, StateImportPlan.Action action, String hash) {
        JsonNode item = action.item();
        String id = action.id();
        List<String> holder = jdbc.queryForList("SELECT org FROM api_keys WHERE id = ?", String.class, id);
        if (!holder.isEmpty() && !holder.get(0).equals(org)) {
            throw ShopWatchException.conflict("API key " + id + " belongs to another org in this database");
        }
        // without the hash, a secret nobody holds: the key is listed but must be issued again
        byte[] secretHash = hash != null ? Base64.getDecoder().decode(hash) : ApiKeyFormat.hash(randomSecret());
        jdbc.update(
                """
                INSERT INTO api_keys (id, org, name, role, secret_hash, created_at, created_by, expires_at, revoked_at,
                    revoked_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, role = EXCLUDED.role,
                    secret_hash = CASE WHEN ? THEN EXCLUDED.secret_hash ELSE api_keys.secret_hash END,
                    created_at = EXCLUDED.created_at, created_by = EXCLUDED.created_by,
                    expires_at = EXCLUDED.expires_at, revoked_at = EXCLUDED.revoked_at, revoked_by = EXCLUDED.revoked_by
                """,
                id,
                org,
                item.path("name").asString(),
                item.path("role").asString(),
                secretHash,
                Timestamp.from(StateDocument.instant(item, "created_at")),
                item.path("created_by").asString(""),
                timestamp(StateDocument.optionalInstant(item, "expires_at")),
                timestamp(StateDocument.optionalInstant(item, "revoked_at")),
                item.path("revoked_by").isNull()
                        ? null
                        : item.path("revoked_by").asString(null),
                hash != null);
    }

    // --- values

    private String secret(JsonNode item, String field, String from, String context) {
        try {
            return new String(cipher.decrypt(item.get(field).asString(), from + "/" + context), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ShopWatchException.invalid(StateDocument.id(item) + ": " + e.getMessage());
        }
    }

    private String randomSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void role(JsonNode item, Set<Role> allowed) {
        String role = item.path("role").asString("");
        boolean known = allowed.stream().anyMatch(r -> r.id().equals(role));
        if (!known) {
            throw ShopWatchException.invalid(StateDocument.id(item) + ": role " + role + " is not allowed here");
        }
    }

    private static List<JsonNode> sorted(List<JsonNode> items) {
        return items.stream().sorted(Comparator.comparing(StateDocument::id)).toList();
    }

    private static void putInstant(ObjectNode item, String field, Timestamp value) {
        if (value == null) {
            item.putNull(field);
        } else {
            item.put(field, value.toInstant().toString());
        }
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
