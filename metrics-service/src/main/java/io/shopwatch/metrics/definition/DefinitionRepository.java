package io.shopwatch.metrics.definition;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Metric definitions in PostgreSQL: the current definition per org and name, and every version of it (a deletion is a
 * version without a definition). Versions keep counting across a delete and a new create of the same name.
 */
public class DefinitionRepository {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    public DefinitionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One entry of a definition's history. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Version(
            int version,
            MetricDefinition definition,
            @JsonProperty("changed_at") Instant changedAt,
            @JsonProperty("changed_by") String changedBy) {}

    public List<MetricDefinition> list(String org) {
        return jdbc.sql("SELECT * FROM metric_definition WHERE org = ? ORDER BY name")
                .param(org)
                .query(DefinitionRepository::row)
                .list();
    }

    public Optional<MetricDefinition> find(String org, String name) {
        return jdbc.sql("SELECT * FROM metric_definition WHERE org = ? AND name = ?")
                .params(org, name)
                .query(DefinitionRepository::row)
                .optional();
    }

    /** Inserts a new definition; false when the name exists already. */
    public boolean insert(String org, MetricDefinition definition, String user, Instant now) {
        int version = nextVersion(org, definition.name());
        MetricDefinition stored = definition.stored(definition.name(), version, now);
        int rows = jdbc.sql("INSERT INTO metric_definition (org, name, type, unit, help, labels, buckets, max_series,"
                        + " max_label_values, version, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (org, name) DO NOTHING")
                .params(values(org, stored, user, now))
                .update();
        if (rows == 1) {
            history(org, stored, user, now);
        }
        return rows == 1;
    }

    /** Replaces a definition; empty when there is none, else the stored one with its new version. */
    public Optional<MetricDefinition> update(String org, MetricDefinition definition, String user, Instant now) {
        int version = nextVersion(org, definition.name());
        MetricDefinition stored = definition.stored(definition.name(), version, now);
        int rows = jdbc.sql("UPDATE metric_definition SET type = ?, unit = ?, help = ?, labels = ?, buckets = ?,"
                        + " max_series = ?, max_label_values = ?, version = ?, updated_at = ?, updated_by = ?"
                        + " WHERE org = ? AND name = ?")
                .params(
                        stored.type(),
                        stored.unit(),
                        stored.help(),
                        JSON.writeValueAsString(stored.labels()),
                        stored.buckets() == null ? null : JSON.writeValueAsString(stored.buckets()),
                        stored.maxSeries(),
                        stored.maxLabelValues(),
                        version,
                        Timestamp.from(now),
                        user,
                        org,
                        stored.name())
                .update();
        if (rows == 0) {
            return Optional.empty();
        }
        history(org, stored, user, now);
        return Optional.of(stored);
    }

    public boolean delete(String org, String name, String user, Instant now) {
        int version = nextVersion(org, name);
        int rows = jdbc.sql("DELETE FROM metric_definition WHERE org = ? AND name = ?")
                .params(org, name)
                .update();
        if (rows == 1) {
            jdbc.sql("INSERT INTO metric_definition_version (org, name, version, definition, changed_at, changed_by)"
                            + " VALUES (?, ?, ?, NULL, ?, ?)")
                    .params(org, name, version, Timestamp.from(now), user)
                    .update();
        }
        return rows == 1;
    }

    public List<Version> versions(String org, String name) {
        return jdbc.sql("SELECT * FROM metric_definition_version WHERE org = ? AND name = ? ORDER BY version")
                .params(org, name)
                .query((rs, n) -> new Version(
                        rs.getInt("version"),
                        rs.getString("definition") == null
                                ? null
                                : JSON.readValue(rs.getString("definition"), MetricDefinition.class),
                        rs.getTimestamp("changed_at").toInstant(),
                        rs.getString("changed_by")))
                .list();
    }

    /** Records that a pack was installed in an org; false when it was already. */
    public boolean markPackInstalled(String org, String pack, Instant now) {
        return jdbc.sql("INSERT INTO metric_pack_install (org, pack, installed_at) VALUES (?, ?, ?)"
                                + " ON CONFLICT DO NOTHING")
                        .params(org, pack, Timestamp.from(now))
                        .update()
                == 1;
    }

    private int nextVersion(String org, String name) {
        Integer max = jdbc.sql("SELECT MAX(version) FROM metric_definition_version WHERE org = ? AND name = ?")
                .params(org, name)
                .query(Integer.class)
                .optional()
                .orElse(null);
        return max == null ? 1 : max + 1;
    }

    private void history(String org, MetricDefinition stored, String user, Instant now) {
        jdbc.sql("INSERT INTO metric_definition_version (org, name, version, definition, changed_at, changed_by)"
                        + " VALUES (?, ?, ?, ?, ?, ?)")
                .params(
                        org,
                        stored.name(),
                        stored.version(),
                        JSON.writeValueAsString(stored),
                        Timestamp.from(now),
                        user)
                .update();
    }

    private static Object[] values(String org, MetricDefinition d, String user, Instant now) {
        return new Object[] {
            org,
            d.name(),
            d.type(),
            d.unit(),
            d.help(),
            JSON.writeValueAsString(d.labels()),
            d.buckets() == null ? null : JSON.writeValueAsString(d.buckets()),
            d.maxSeries(),
            d.maxLabelValues(),
            d.version(),
            Timestamp.from(now),
            user
        };
    }

    private static MetricDefinition row(ResultSet rs, int n) throws SQLException {
        String buckets = rs.getString("buckets");
        return new MetricDefinition(
                rs.getString("name"),
                rs.getString("type"),
                rs.getString("unit"),
                rs.getString("help"),
                JSON.readValue(rs.getString("labels"), new TypeReference<List<String>>() {}),
                buckets == null ? null : JSON.readValue(buckets, new TypeReference<List<Double>>() {}),
                (Integer) rs.getObject("max_series"),
                (Integer) rs.getObject("max_label_values"),
                rs.getInt("version"),
                rs.getTimestamp("updated_at").toInstant());
    }
}
