package io.shopwatch.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.testkit.PathAttacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PathFirewallTest {

    @Test
    void check_refusesEveryCrossOrgVariant() {
        assertThat(PathAttacks.crossOrgSearch("shop-a", "shop-b"))
                .allSatisfy(path -> assertThat(PathFirewall.check(path))
                        .as(path)
                        .hasValueSatisfying(reason -> assertThat(reason).startsWith("the request path contains ")));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "/api/a/../b|a dot segment (..)",
                "/api/a/./b|a dot segment (.)",
                "/api/a/%2E%2e/b|a dot segment (%2E%2e)",
                "/api/a/.%2e|a dot segment (.%2e)",
                "/api/a%2Fb|an encoded slash (%2F)",
                "/api/a%5cb|an encoded backslash (%5C)",
                "/api/a\\b|a backslash",
                "/api//b|an empty path segment (//)",
                "/api/a%00|an encoded control character (%00-%1F, %7F)",
                "/api/a%252e|an encoded percent sign (%25, double encoding)",
                "/api/a;x=1|a path parameter (;)",
                "/api/a%3Bx|an encoded semicolon (%3B)",
                "/api/a%2|malformed percent-encoding",
                "/api/a%zz|malformed percent-encoding",
                "/api/%c0%ae|percent-encoded bytes that are not UTF-8"
            })
    void check_namesTheReason(String path, String what) {
        assertThat(PathFirewall.check(path)).hasValue("the request path contains " + what);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/",
                "/api/v1/logs/_search",
                "/api/shop-a/default/_search",
                "/api/v1/logs/",
                "/api/shop-a/web.access/_json",
                "/api/shop-a/a...b",
                "/api/shop-a/...",
                "/api/shop-a/caf%C3%A9",
                "/api/shop-a/café",
                "/api/shop-a/a%20b",
                "/api/v1/alerts/ack/eyJ0eXAi.payload.sig"
            })
    void check_allowsOrdinaryPaths(String path) {
        assertThat(PathFirewall.check(path)).isEmpty();
    }
}
