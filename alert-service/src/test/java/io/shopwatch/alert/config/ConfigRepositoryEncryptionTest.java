package io.shopwatch.alert.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.shopwatch.alert.secrets.SecretBox;
import io.shopwatch.testkit.EmbeddedPostgresSupport;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The configuration text is encrypted in the table and plain for the rest of the service, on a real PostgreSQL. */
class ConfigRepositoryEncryptionTest {

    private static final String DING_TOKEN = "4f3c2a1b0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b";
    private static final String DING_SECRET = "SEC0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd";
    private static final String CONFIG = """
            route:
              receiver: ding
            receivers:
              - name: ding
                dingtalk_configs:
                  - url: https://oapi.dingtalk.com/robot/send?access_token=%s
                    secret: %s
            """.formatted(DING_TOKEN, DING_SECRET);

    private HikariDataSource dataSource;

    /** A database per test: re-encryption at start-up covers every organisation's rows. */
    @BeforeEach
    void database() {
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(EmbeddedPostgresSupport.newDatabase("alert_config_secrets"));
        dataSource.setUsername("postgres");
        dataSource.setPassword("postgres");
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    @AfterEach
    void close() {
        dataSource.close();
    }

    private static byte[] key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    private List<String> rows(String org) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT yaml FROM alert_config WHERE org = ? ORDER BY version")) {
            ps.setString(1, org);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private void insertPlain(String org, int version, String yaml) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO alert_config (org, version, yaml, created_by) VALUES (?, ?, ?, 'legacy')")) {
            ps.setString(1, org);
            ps.setInt(2, version);
            ps.setString(3, yaml);
            ps.executeUpdate();
        }
    }

    @Test
    void save_storesCiphertextAndEveryReadReturnsThePlainText() throws Exception {
        SecretBox box = new SecretBox(key(), List.of());
        ConfigRepository repository = new ConfigRepository(dataSource, box);

        int version = repository.save("enc-acme", CONFIG, "alice");

        assertThat(rows("enc-acme")).singleElement().satisfies(row -> assertThat(row)
                .startsWith("swenc:v1:" + box.keyId() + ":")
                .doesNotContain(DING_TOKEN)
                .doesNotContain(DING_SECRET)
                .doesNotContain("dingtalk"));
        assertThat(repository.latest("enc-acme")).get().satisfies(v -> {
            assertThat(v.yaml()).isEqualTo(CONFIG);
            assertThat(v.toString()).doesNotContain(DING_SECRET);
        });
        assertThat(repository.version("enc-acme", version).orElseThrow().yaml()).isEqualTo(CONFIG);
        assertThat(repository.versions("enc-acme")).singleElement().satisfies(v -> assertThat(v.createdBy())
                .isEqualTo("alice"));
    }

    @Test
    void encryptStored_reencryptsPlainLegacyRowsThatStillLoadBefore() throws Exception {
        insertPlain("enc-legacy", 1, CONFIG);
        insertPlain("enc-legacy", 2, CONFIG.replace("ding", "ding2"));
        SecretBox box = new SecretBox(key(), List.of());
        ConfigRepository repository = new ConfigRepository(dataSource, box);
        assertThat(repository.latest("enc-legacy").orElseThrow().yaml()).contains("ding2");

        assertThat(repository.encryptStored()).isEqualTo(2);

        assertThat(rows("enc-legacy")).hasSize(2).allSatisfy(row -> assertThat(row)
                .startsWith("swenc:v1:" + box.keyId() + ":")
                .doesNotContain(DING_TOKEN)
                .doesNotContain(DING_SECRET));
        assertThat(repository.version("enc-legacy", 1).orElseThrow().yaml()).isEqualTo(CONFIG);
        assertThat(repository.latest("enc-legacy").orElseThrow().yaml()).isEqualTo(CONFIG.replace("ding", "ding2"));
        assertThat(repository.encryptStored()).as("nothing left to do").isZero();
    }

    @Test
    void keyRotation_previousKeyReadsThenEverythingMovesToTheNewKey() throws Exception {
        byte[] oldKey = key();
        byte[] newKey = key();
        ConfigRepository before = new ConfigRepository(dataSource, new SecretBox(oldKey, List.of()));
        before.save("enc-rotate", CONFIG, "alice");
        String oldRow = rows("enc-rotate").get(0);

        // a replica that does not know the old key refuses to start, naming the key
        ConfigRepository unaware = new ConfigRepository(dataSource, new SecretBox(newKey, List.of()));
        assertThatThrownBy(unaware::encryptStored)
                .hasMessageContaining(SecretBox.keyId(oldKey))
                .hasMessageNotContaining(DING_SECRET);
        assertThatThrownBy(() -> unaware.latest("enc-rotate"))
                .hasMessageContaining("encrypted with key " + SecretBox.keyId(oldKey));

        ConfigRepository rotated = new ConfigRepository(dataSource, new SecretBox(newKey, List.of(oldKey)));
        assertThat(rotated.latest("enc-rotate").orElseThrow().yaml()).isEqualTo(CONFIG);
        rotated.encryptStored();

        String newRow = rows("enc-rotate").get(0);
        assertThat(SecretBox.keyIdOf(oldRow)).isEqualTo(SecretBox.keyId(oldKey));
        assertThat(SecretBox.keyIdOf(newRow)).isEqualTo(SecretBox.keyId(newKey));
        // the old key can go now
        ConfigRepository after = new ConfigRepository(dataSource, new SecretBox(newKey, List.of()));
        assertThat(after.latest("enc-rotate").orElseThrow().yaml()).isEqualTo(CONFIG);
    }
}
