package io.shopwatch.common.openobserve;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * OpenObserve's cases for {@code format_stream_name} (regex {@code [^a-zA-Z0-9_:]+} → {@code _}, then lower case) and
 * {@code format_key} (one for one; Unicode lower case and numerics stay, upper case is lowered, the rest is {@code _}).
 */
class OpenObserveNamesTest {

    @ParameterizedTest(name = "streamName({0}) = {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "a--b           | a_b",
                "My-App.Logs    | my_app_logs",
                "ORDERS         | orders",
                "orders         | orders",
                "a.b.c          | a_b_c",
                "a::b__c        | a::b__c",
                "a-_-b          | a___b",
                "****           | _",
                "\" a b \"      | _a_b_",
                "9lives         | 9lives",
                "_private       | _private",
                "ünïcode        | _n_code",
                "Straße         | stra_e",
                "a\uD83D\uDE00b | a_b",
                "logs/2026=eu   | logs_2026_eu",
                "\"\"           | \"\"",
            })
    void streamName_likeFormatStreamName(String name, String expected) {
        assertThat(OpenObserveNames.streamName(name, true)).isEqualTo(expected);
        assertThat(OpenObserveNames.streamName(name)).isEqualTo(expected);
    }

    @Test
    void streamName_keepsCaseWhenLowerCasingIsOff() {
        assertThat(OpenObserveNames.streamName("Keep-Case", false)).isEqualTo("Keep_Case");
        assertThat(OpenObserveNames.streamName("A--B", false)).isEqualTo("A_B");
    }

    @Test
    void streamName_veryLongNames_areNeitherTruncatedNorCollapsed() {
        assertThat(OpenObserveNames.streamName("A".repeat(300))).isEqualTo("a".repeat(300));
        assertThat(OpenObserveNames.streamName("a-".repeat(200))).isEqualTo("a_".repeat(200));
    }

    @Test
    void streamName_normalName_isReturnedWithoutCopying() {
        String name = "orders_eu:2026";
        assertThat(OpenObserveNames.streamName(name)).isSameAs(name);
        String upper = "Orders";
        assertThat(OpenObserveNames.streamName(upper, false)).isSameAs(upper);
    }

    @ParameterizedTest(name = "key({0}) = {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "a--b                  | a__b",
                "Country               | country",
                "kubernetes.labels.app | kubernetes_labels_app",
                "@timestamp            | _timestamp",
                "_timestamp            | _timestamp",
                "k8s/pod-name          | k8s_pod_name",
                "key+bar               | key_bar",
                "\"a b\"               | a_b",
                "a:b                   | a_b",
                "9lives                | 9lives",
                "Ünïcode               | ünïcode",
                "ÄÖÜ                   | äöü",
                "ünïcode               | ünïcode",
                "名前                   | __",
                "٣٤                    | ٣٤",
                "a\uD83D\uDE00b        | a_b",
                "\"\"                  | \"\"",
            })
    void key_likeFormatKey(String key, String expected) {
        assertThat(OpenObserveNames.key(key)).isEqualTo(expected);
    }

    @Test
    void key_veryLongNames_areNeitherTruncatedNorCollapsed() {
        assertThat(OpenObserveNames.key("A".repeat(300))).isEqualTo("a".repeat(300));
        assertThat(OpenObserveNames.key("a.".repeat(200))).isEqualTo("a_".repeat(200));
    }

    @Test
    void key_normalKey_isReturnedWithoutCopying() {
        String key = "attributes_order_id";
        assertThat(OpenObserveNames.key(key)).isSameAs(key);
        String unicode = "größe";
        assertThat(OpenObserveNames.key(unicode)).isSameAs(unicode);
        assertThat(OpenObserveNames.isFormattedKey(unicode)).isTrue();
        assertThat(OpenObserveNames.isFormattedKey("Größe")).isFalse();
    }

    @Test
    void streamNameAndKey_disagreeOnRunsOfDashes_asOpenObserveDoes() {
        assertThat(OpenObserveNames.streamName("a--b")).isEqualTo("a_b");
        assertThat(OpenObserveNames.key("a--b")).isEqualTo("a__b");
    }
}
