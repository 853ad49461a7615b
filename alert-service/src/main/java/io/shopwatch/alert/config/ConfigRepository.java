package io.shopwatch.alert.config;

import io.shopwatch.alert.secrets.SecretBox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stored Alertmanager configurations of every organisation, versioned; the highest version is in force. The text
 * holds channel secrets, so it is encrypted in the table ({@link SecretBox}, the organisation as associated data) and
 * decrypted on every read: callers see plain YAML.
 */
public final class ConfigRepository {

    /** One stored version. */
    public record Version(String org, int version, String yaml, Instant createdAt, String createdBy) {

        /** Without the text, which holds channel secrets. */
        @Override
        public String toString() {
            return "Version[org=" + org + ", version=" + version + ", createdAt=" + createdAt + ", createdBy="
                    + createdBy + "]";
        }
    }

    private static final Logger log = LoggerFactory.getLogger(ConfigRepository.class);

    private final DataSource dataSource;
    private final SecretBox box;

    public ConfigRepository(DataSource dataSource, SecretBox box) {
        this.dataSource = dataSource;
        this.box = box;
    }

    /** Stores a new version and returns its number. */
    public int save(String org, String yaml, String createdBy) {
        for (int attempt = 0; ; attempt++) {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement("""
                            INSERT INTO alert_config (org, version, yaml, created_by)
                            SELECT ?, coalesce(max(version), 0) + 1, ?, ? FROM alert_config WHERE org = ?
                            RETURNING version
                            """)) {
                ps.setString(1, org);
                ps.setString(2, box.encrypt(yaml, org));
                ps.setString(3, createdBy);
                ps.setString(4, org);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            } catch (SQLException e) {
                if (!"23505".equals(e.getSQLState()) || attempt > 5) {
                    throw new IllegalStateException("cannot store configuration: " + e.getMessage(), e);
                }
            }
        }
    }

    public Optional<Version> latest(String org) {
        return query(
                        "SELECT org, version, yaml, created_at, created_by FROM alert_config WHERE org = ?"
                                + " ORDER BY version DESC LIMIT 1",
                        org,
                        null)
                .stream()
                .findFirst();
    }

    public Optional<Version> version(String org, int version) {
        return query(
                        "SELECT org, version, yaml, created_at, created_by FROM alert_config WHERE org = ?"
                                + " AND version = ?",
                        org,
                        version)
                .stream()
                .findFirst();
    }

    /** Versions of an organisation, newest first, without their text. */
    public List<Version> versions(String org) {
        return query(
                "SELECT org, version, '' AS yaml, created_at, created_by FROM alert_config WHERE org = ?"
                        + " ORDER BY version DESC LIMIT 100",
                org,
                null);
    }

    /** The highest version of every organisation that has one. */
    public Map<String, Integer> latestVersions() {
        Map<String, Integer> out = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT org, max(version) FROM alert_config GROUP BY org");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getInt(2));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read configuration versions: " + e.getMessage(), e);
        }
    }

    /**
     * Encrypts, with the current key, every stored version that is not yet: text stored before encryption existed and
     * values of previous keys. Runs at start-up, in one transaction; safe to run on several replicas at once (a row is
     * only replaced when it still holds what was read).
     *
     * @return how many rows were re-encrypted
     * @throws IllegalStateException naming the key ids when rows are encrypted with keys that are not configured
     */
    public int encryptStored() {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Set<String> unknown = new TreeSet<>();
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT DISTINCT split_part(yaml, ':', 3) FROM alert_config WHERE yaml LIKE ?"); ) {
                    ps.setString(1, SecretBox.PREFIX + "%");
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            if (!box.keyIds().contains(rs.getString(1))) {
                                unknown.add(rs.getString(1));
                            }
                        }
                    }
                }
                if (!unknown.isEmpty()) {
                    throw new IllegalStateException("stored alert configurations are encrypted with key(s) "
                            + String.join(", ", unknown) + ", which are neither ALERT_SECRETS_KEY (key " + box.keyId()
                            + ") nor in ALERT_SECRETS_PREVIOUS_KEYS; configure the key they were written with");
                }
                int plain = 0;
                int rotated = 0;
                try (PreparedStatement select = c.prepareStatement(
                                "SELECT org, version, yaml FROM alert_config WHERE yaml NOT LIKE ? FOR UPDATE");
                        PreparedStatement update = c.prepareStatement(
                                "UPDATE alert_config SET yaml = ? WHERE org = ? AND version = ? AND yaml = ?")) {
                    select.setString(1, "swenc:v1:" + box.keyId() + ":%");
                    try (ResultSet rs = select.executeQuery()) {
                        while (rs.next()) {
                            String org = rs.getString(1);
                            String stored = rs.getString(3);
                            update.setString(1, box.encrypt(box.decrypt(stored, org), org));
                            update.setString(2, org);
                            update.setInt(3, rs.getInt(2));
                            update.setString(4, stored);
                            update.addBatch();
                            if (SecretBox.isEncrypted(stored)) {
                                rotated++;
                            } else {
                                plain++;
                            }
                        }
                    }
                    update.executeBatch();
                }
                c.commit();
                if (plain + rotated > 0) {
                    log.info(
                            "encrypted {} stored configuration version(s) that were plain text and re-encrypted {} of"
                                    + " previous keys with key {}",
                            plain,
                            rotated,
                            box.keyId());
                }
                return plain + rotated;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot encrypt stored configurations: " + e.getMessage(), e);
        }
    }

    private List<Version> query(String sql, String org, Integer version) {
        List<Version> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, org);
            if (version != null) {
                ps.setInt(2, version);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Version(
                            rs.getString(1),
                            rs.getInt(2),
                            box.decrypt(rs.getString(3), rs.getString(1)),
                            rs.getTimestamp(4).toInstant(),
                            rs.getString(5)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read configuration: " + e.getMessage(), e);
        }
    }
}
