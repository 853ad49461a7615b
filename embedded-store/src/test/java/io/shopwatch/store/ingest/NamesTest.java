package io.shopwatch.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamesTest {

    @Test
    void streamName_replacesRunsOfOtherCharactersWithOneUnderscore_andLowerCases() {
        assertThat(Names.streamName("My-App.Logs", true)).isEqualTo("my_app_logs");
        assertThat(Names.streamName("****", true)).isEqualTo("_");
        assertThat(Names.streamName("a::b__c", true)).isEqualTo("a::b__c");
        assertThat(Names.streamName("Keep-Case", false)).isEqualTo("Keep_Case");
    }

    @Test
    void key_lowerCasesAndReplacesEveryOtherCharacter() {
        assertThat(Names.key("Country")).isEqualTo("country");
        assertThat(Names.key("kubernetes.labels.app")).isEqualTo("kubernetes_labels_app");
        assertThat(Names.key("@timestamp")).isEqualTo("_timestamp");
        assertThat(Names.key("k8s/pod-name")).isEqualTo("k8s_pod_name");
        assertThat(Names.key("key+bar")).isEqualTo("key_bar");
        assertThat(Names.key("Ünïcode")).isEqualTo("ünïcode");
        assertThat(Names.key("a b")).isEqualTo("a_b");
    }
}
