package io.shopwatch.gateway.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestIdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "4bf92f3577b34da6a3ce929d0e0e4736", "checkout:order-42.retry_1", "ABC-def"})
    void keepOrGenerate_keepsSafeIds(String id) {
        assertThat(RequestIds.keepOrGenerate(id)).isEqualTo(id);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"has space", "new\nline", "<b>", "semi;colon", "quote\"", "caf\u00e9", "a/b"})
    void keepOrGenerate_replacesUnsafeIds(String id) {
        String kept = RequestIds.keepOrGenerate(id);
        assertThat(kept).isNotEqualTo(id).matches("[0-9a-f]{32}");
    }

    @Test
    void isValid_boundsLength() {
        assertThat(RequestIds.isValid("a".repeat(RequestIds.MAX_LENGTH))).isTrue();
        assertThat(RequestIds.isValid("a".repeat(RequestIds.MAX_LENGTH + 1))).isFalse();
    }

    @Test
    void generate_givesDistinctHexIds() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(RequestIds.generate());
        }
        assertThat(ids).hasSize(10_000).allMatch(id -> id.matches("[0-9a-f]{32}"));
    }
}
