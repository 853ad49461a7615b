package io.shopwatch.config.state;

import io.shopwatch.common.state.ConflictPolicy;
import io.shopwatch.common.state.StateDocument;
import io.shopwatch.common.state.StateImportPlan;
import io.shopwatch.common.state.StateImportResult;
import io.shopwatch.common.web.ShopWatchException;
import io.shopwatch.config.release.PropertyMaps;
import io.shopwatch.config.release.Target;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionOperations;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An org's configuration as a {@link StateDocument} (service {@code config}), and back. Sections:
 *
 * <ul>
 *   <li>{@code releases}: every release, {@code id} its release id (the label clients pin), with {@code application,
 *       profile, properties, sha256, author, edited_by, reason, created_at, parent_id};
 *   <li>{@code drafts}: {@code id} = {@code application/profile}, with {@code properties, edited_by, edited_at};
 *   <li>{@code pointers}: {@code id} = {@code application/profile}, the release in force: {@code release_id,
 *       moved_by, moved_at}.
 * </ul>
 *
 * Properties are exported as stored: secret values stay {@code {cipher}...}, encrypted with the service's key, and are
 * never decrypted here. Releases keep their ids, so that pinned labels, parents and pointers still hold after a
 * restore into an empty database; an id that another org's release holds is refused (409). Releases are immutable:
 * one that exists with other content cannot be overwritten (409 under {@code overwrite}). Not exported: the history
 * of pointer moves, gray releases, instances' acknowledgements, the outbox. An import runs in one transaction.
 */
public final class ConfigStateExporter {

    public static final String SERVICE = "config";
    public static final String RELEASES = "releases";
    public static final String DRAFTS = "drafts";
    public static final String POINTERS = "pointers";

    private static final Set<String> SECTIONS = Set.of(RELEASES, DRAFTS, POINTERS);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcTemplate jdbc;
    private final TransactionOperations transactions;
    private final Clock clock;

    public ConfigStateExporter(JdbcTemplate jdbc, TransactionOperations transactions, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
    }

    public StateDocument export(String org) {
        return transactions.execute(status -> {
            Map<String, List<JsonNode>> sections = new LinkedHashMap<>();
            sections.put(RELEASES, sorted(releases(org)));
            sections.put(DRAFTS, sorted(drafts(org)));
            sections.put(POINTERS, sorted(pointers(org)));
            return new StateDocument(StateDocument.FORMAT, SERVICE, org, clock.instant(), sections);
        });
    }

    /**
     * Imports {@code document} into {@code org}: releases (oldest first), then drafts, then pointers. Every item is
     * checked first (400); a conflict under {@code fail}, or a release that exists with other content under
     * {@code overwrite}, refuses everything (409) unless it is a dry run, which only reports.
     */
    public StateImportResult importState(String org, StateDocument document, ConflictPolicy policy, boolean dryRun) {
        if (document.format() != StateDocument.FORMAT || !SERVICE.equals(document.service())) {
            throw ShopWatchException.invalid("not a " + SERVICE + " state document of format " + StateDocument.FORMAT);
        }
        for (String section : document.sections().keySet()) {
            if (!SECTIONS.contains(section)) {
                throw ShopWatchException.invalid("unknown section " + section);
            }
        }
        document.sections().getOrDefault(RELEASES, List.of()).forEach(ConfigStateExporter::checkRelease);
        document.sections().getOrDefault(DRAFTS, List.of()).forEach(i -> {
            target(org, StateDocument.id(i));
            properties(i);
            StateDocument.instant(i, "edited_at");
        });
        document.sections().getOrDefault(POINTERS, List.of()).forEach(i -> {
            target(org, StateDocument.id(i));
            releaseId(i, "release_id");
            StateDocument.instant(i, "moved_at");
        });
        return transactions.execute(status -> {
            StateImportPlan plan = StateImportPlan.of(document, existing(org), policy);
            if (dryRun) {
                return plan.result(true);
            }
            if (plan.refused()) {
                throw ShopWatchException.conflict(plan.conflictDetail());
            }
            List<StateImportPlan.Action> writes = plan.writes();
            List<StateImportPlan.Action> releases = writes.stream()
                    .filter(a -> RELEASES.equals(a.section()))
                    .sorted(Comparator.comparingLong(a -> Long.parseLong(a.id())))
                    .toList();
            for (StateImportPlan.Action action : releases) {
                if (action.kind() == StateImportPlan.Kind.OVERWRITE) {
                    throw ShopWatchException.conflict("release " + action.id() + " exists with other content, and"
                            + " releases are immutable: restore with conflicts=skip, or into an org without it");
                }
                insertRelease(org, action.item());
            }
            if (!releases.isEmpty()) {
                jdbc.queryForObject(
                        "SELECT setval(pg_get_serial_sequence('config_release', 'id'),"
                                + " GREATEST((SELECT max(id) FROM config_release), 1))",
                        Long.class);
            }
            for (StateImportPlan.Action action : writes) {
                if (DRAFTS.equals(action.section())) {
                    writeDraft(org, action.item());
                }
            }
            for (StateImportPlan.Action action : writes) {
                if (POINTERS.equals(action.section())) {
                    writePointer(org, action.item());
                }
            }
            return plan.result(false);
        });
    }

    private Map<String, Map<String, JsonNode>> existing(String org) {
        Map<String, Map<String, JsonNode>> existing = new LinkedHashMap<>();
        export(org).sections().forEach((section, items) -> {
            Map<String, JsonNode> byId = new LinkedHashMap<>();
            items.forEach(i -> byId.put(StateDocument.id(i), i));
            existing.put(section, byId);
        });
        return existing;
    }

    /** Items sorted by id, as the document format wants them (in Java: the database's collation may differ). */
    private static List<JsonNode> sorted(List<JsonNode> items) {
        return items.stream().sorted(Comparator.comparing(StateDocument::id)).toList();
    }

    // --- releases

    private List<JsonNode> releases(String org) {
        return jdbc.query(
                "SELECT id, application, profile, properties, sha256, author, edited_by, reason, created_at,"
                        + " parent_id FROM config_release WHERE org = ?",
                (rs, i) -> {
                    ObjectNode item = JSON.createObjectNode();
                    item.put("id", Long.toString(rs.getLong("id")));
                    item.put("application", rs.getString("application"));
                    item.put("profile", rs.getString("profile"));
                    item.set("properties", JSON.readTree(rs.getString("properties")));
                    item.put("sha256", rs.getString("sha256"));
                    item.put("author", rs.getString("author"));
                    item.put("edited_by", rs.getString("edited_by"));
                    item.put("reason", rs.getString("reason"));
                    item.put(
                            "created_at",
                            rs.getTimestamp("created_at").toInstant().toString());
                    Object parent = rs.getObject("parent_id");
                    if (parent == null) {
                        item.putNull("parent_id");
                    } else {
                        item.put("parent_id", Long.toString(((Number) parent).longValue()));
                    }
                    return (JsonNode) item;
                },
                org);
    }

    private static void checkRelease(JsonNode item) {
        String id = StateDocument.id(item);
        releaseId(item, "id");
        new Target(
                "check",
                item.path("application").asString(""),
                item.path("profile").asString(""));
        SortedMap<String, Object> properties = properties(item);
        if (!PropertyMaps.sha256(properties).equals(item.path("sha256").asString(""))) {
            throw ShopWatchException.invalid("release " + id + ": sha256 does not match its properties");
        }
        StateDocument.instant(item, "created_at");
        if (!item.path("parent_id").isNull() && !item.path("parent_id").isMissingNode()) {
            releaseId(item, "parent_id");
        }
    }

    private void insertRelease(String org, JsonNode item) {
        long id = Long.parseLong(StateDocument.id(item));
        List<String> holder = jdbc.queryForList("SELECT org FROM config_release WHERE id = ?", String.class, id);
        if (!holder.isEmpty()) {
            throw ShopWatchException.conflict("release id " + id + " is taken by another org's release in this"
                    + " database: restore the configuration state into an empty database (release ids are kept so"
                    + " that pinned labels still hold)");
        }
        Long parent = item.path("parent_id").isNull() || item.path("parent_id").isMissingNode()
                ? null
                : Long.parseLong(item.get("parent_id").asString());
        if (parent != null
                && jdbc.queryForList("SELECT id FROM config_release WHERE id = ? AND org = ?", Long.class, parent, org)
                        .isEmpty()) {
            throw ShopWatchException.invalid(
                    "release " + id + ": its parent " + parent + " is neither in the import nor in the org");
        }
        jdbc.update(
                """
                INSERT INTO config_release (id, org, application, profile, properties, sha256, author, edited_by,
                    reason, created_at, parent_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                id,
                org,
                item.path("application").asString(),
                item.path("profile").asString(),
                PropertyMaps.toJson(properties(item)),
                item.path("sha256").asString(),
                item.path("author").asString(""),
                item.path("edited_by").asString(""),
                item.path("reason").asString(""),
                Timestamp.from(StateDocument.instant(item, "created_at")),
                parent);
    }

    // --- drafts

    private List<JsonNode> drafts(String org) {
        return jdbc.query(
                "SELECT application, profile, properties, edited_by, edited_at FROM config_draft WHERE org = ?",
                (rs, i) -> {
                    ObjectNode item = JSON.createObjectNode();
                    item.put("id", rs.getString("application") + "/" + rs.getString("profile"));
                    item.set("properties", JSON.readTree(rs.getString("properties")));
                    item.put("edited_by", rs.getString("edited_by"));
                    item.put(
                            "edited_at",
                            rs.getTimestamp("edited_at").toInstant().toString());
                    return (JsonNode) item;
                },
                org);
    }

    private void writeDraft(String org, JsonNode item) {
        Target t = target(org, StateDocument.id(item));
        jdbc.update(
                """
                INSERT INTO config_draft (org, application, profile, properties, edited_by, edited_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (org, application, profile) DO UPDATE
                SET properties = EXCLUDED.properties, edited_by = EXCLUDED.edited_by, edited_at = EXCLUDED.edited_at
                """,
                t.org(),
                t.application(),
                t.profile(),
                PropertyMaps.toJson(properties(item)),
                item.path("edited_by").asString(""),
                Timestamp.from(StateDocument.instant(item, "edited_at")));
    }

    // --- pointers

    private List<JsonNode> pointers(String org) {
        return jdbc.query(
                "SELECT application, profile, release_id, moved_by, moved_at FROM config_pointer WHERE org = ?",
                (rs, i) -> {
                    ObjectNode item = JSON.createObjectNode();
                    item.put("id", rs.getString("application") + "/" + rs.getString("profile"));
                    item.put("release_id", Long.toString(rs.getLong("release_id")));
                    item.put("moved_by", rs.getString("moved_by"));
                    item.put("moved_at", rs.getTimestamp("moved_at").toInstant().toString());
                    return (JsonNode) item;
                },
                org);
    }

    private void writePointer(String org, JsonNode item) {
        Target t = target(org, StateDocument.id(item));
        long release = releaseId(item, "release_id");
        boolean ofTarget = !jdbc.queryForList(
                        "SELECT id FROM config_release WHERE id = ? AND org = ? AND application = ? AND profile = ?",
                        Long.class,
                        release,
                        t.org(),
                        t.application(),
                        t.profile())
                .isEmpty();
        if (!ofTarget) {
            throw ShopWatchException.invalid("pointer " + StateDocument.id(item) + ": release " + release
                    + " is not a release of that application and profile");
        }
        jdbc.update(
                """
                INSERT INTO config_pointer (org, application, profile, release_id, moved_by, moved_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (org, application, profile) DO UPDATE
                SET release_id = EXCLUDED.release_id, moved_by = EXCLUDED.moved_by, moved_at = EXCLUDED.moved_at
                """,
                t.org(),
                t.application(),
                t.profile(),
                release,
                item.path("moved_by").asString(""),
                Timestamp.from(StateDocument.instant(item, "moved_at")));
    }

    // --- values

    /** {@code application/profile} of an item id, as a target of {@code org}. */
    private static Target target(String org, String id) {
        int slash = id.indexOf('/');
        if (slash < 0) {
            throw ShopWatchException.invalid(id + ": the id is application/profile");
        }
        return new Target(org, id.substring(0, slash), id.substring(slash + 1));
    }

    private static SortedMap<String, Object> properties(JsonNode item) {
        if (!item.path("properties").isObject()) {
            throw ShopWatchException.invalid(StateDocument.id(item) + ": properties must be an object");
        }
        return PropertyMaps.flatten(item.get("properties"));
    }

    private static long releaseId(JsonNode item, String field) {
        try {
            long id = Long.parseLong(item.path(field).asString(""));
            if (id <= 0) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw ShopWatchException.invalid(StateDocument.id(item) + ": " + field + " must be a release id");
        }
    }
}
