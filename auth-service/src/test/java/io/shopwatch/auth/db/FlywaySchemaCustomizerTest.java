package io.shopwatch.auth.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FlywaySchemaCustomizerTest {

    @Test
    void schemaOf_readsCurrentSchemaFromTheJdbcUrl() {
        assertThat(FlywaySchemaCustomizer.schemaOf("jdbc:postgresql://127.0.0.1:15432/shopwatch?currentSchema=auth"))
                .isEqualTo("auth");
        assertThat(FlywaySchemaCustomizer.schemaOf("jdbc:postgresql://db/shopwatch?ssl=true&currentSchema=auth_2"))
                .isEqualTo("auth_2");
        assertThat(FlywaySchemaCustomizer.schemaOf("jdbc:postgresql://db/shopwatch"))
                .isNull();
        assertThat(FlywaySchemaCustomizer.schemaOf("jdbc:postgresql://db/x?currentSchema=a;drop"))
                .isEqualTo("a");
        assertThat(FlywaySchemaCustomizer.schemaOf((String) null)).isNull();
    }
}
