package io.shopwatch.logging.shippers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ElasticsearchHandshakeTest {

    @Test
    void version_elasticClientNamingItsVersion_isToldItsOwnVersion() {
        assertThat(ElasticsearchHandshake.version(
                        "Elastic-filebeat/7.17.1 (linux; arm64; 1d05ba86138c; 2022-02-24 01:00:19 +0000 UTC)"))
                .isEqualTo("7.17.1");
        assertThat(ElasticsearchHandshake.version(
                        "elastic-transport-ruby/8.0.1 (RUBY_VERSION: 3.1.2; linux x86_64; Faraday v1.10.0)"))
                .isEqualTo("8.0.1");
    }

    @Test
    void version_elasticClientNamingNoVersion_is810() {
        assertThat(ElasticsearchHandshake.version("Elastic-Logstash")).isEqualTo("8.1.0");
    }

    @Test
    void version_anyOtherClient_is7171() {
        assertThat(ElasticsearchHandshake.version("Vector/0.40.0 (x86_64-unknown-linux-gnu 1167aa9)"))
                .isEqualTo("7.17.1");
        assertThat(ElasticsearchHandshake.version("Fluent-Bit")).isEqualTo("7.17.1");
        assertThat(ElasticsearchHandshake.version(null)).isEqualTo("7.17.1");
    }
}
