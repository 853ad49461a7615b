package io.shopwatch.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigClientPiecesTest {

    @TempDir
    Path dir;

    @Test
    void parse_mergesSources_highestPrecedenceFirst() {
        FetchedConfig config = ConfigServerFetcher.parse("""
                {"name":"orders","profiles":["prod","canary"],"version":"42","propertySources":[
                  {"name":"canary","source":{"a":"canary","n":2}},
                  {"name":"prod","source":{"a":"prod","b":true,"r":0.5}}]}
                """);
        assertThat(config.version()).isEqualTo("42");
        assertThat(config.properties())
                .containsExactlyInAnyOrderEntriesOf(Map.of("a", "canary", "n", 2, "b", true, "r", 0.5));
    }

    @Test
    void parse_collectsReleaseIdsFromSourceNames() {
        FetchedConfig config = ConfigServerFetcher.parse("""
                {"name":"orders","profiles":["prod","canary"],"version":"43","propertySources":[
                  {"name":"shopwatch:orders-canary@43","source":{"a":1}},
                  {"name":"shopwatch:orders-prod@41","source":{"b":2}},
                  {"name":"elsewhere","source":{}}]}
                """);
        assertThat(config.releases()).containsExactly(43L, 41L);
    }

    @Test
    void labels_parseAndFormat() {
        assertThat(ConfigClientSettings.parseLabels(" zone = eu-1 ,canary=true,, flag"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("zone", "eu-1", "canary", "true", "flag", ""));
        assertThat(ConfigClientSettings.formatLabels(Map.of("zone", "eu-1", "canary", "true")))
                .isEqualTo("canary=true,zone=eu-1");
        assertThat(ConfigClientSettings.parseLabels("")).isEmpty();
    }

    @Test
    void lastKnownGood_roundTrips_andIgnoresAMissingOrBrokenFile() throws Exception {
        LastKnownGood cache = new LastKnownGood(dir.resolve("sub/cache.json"));
        assertThat(cache.load()).isEmpty();
        cache.save(new FetchedConfig("7", Map.of("a", 1, "b", "x", "c", false)));
        assertThat(cache.load()).hasValueSatisfying(c -> {
            assertThat(c.version()).isEqualTo("7");
            assertThat(c.properties()).containsExactlyInAnyOrderEntriesOf(Map.of("a", 1, "b", "x", "c", false));
        });
        Files.writeString(dir.resolve("sub/cache.json"), "{not json");
        assertThat(cache.load()).isEmpty();
    }
}
