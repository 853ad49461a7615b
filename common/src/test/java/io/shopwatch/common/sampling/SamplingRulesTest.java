package io.shopwatch.common.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SamplingRulesTest {

    private static boolean error(Map<String, Object> document) {
        return SamplingRules.isError(document::get);
    }

    @Test
    void isError_levelsSpanStatusAndHttp5xx() {
        assertThat(error(Map.of("level", "ERROR"))).isTrue();
        assertThat(error(Map.of("severity_text", "Fatal"))).isTrue();
        assertThat(error(Map.of("severity", "critical"))).isTrue();
        assertThat(error(Map.of("status_code", "STATUS_CODE_ERROR"))).isTrue();
        assertThat(error(Map.of("status", 503L))).isTrue();
        assertThat(error(Map.of("http_status_code", BigInteger.valueOf(500)))).isTrue();
        assertThat(error(Map.of("level", "WARN", "status", 404L))).isFalse();
        assertThat(error(Map.of("status", 503.0))).isFalse(); // not an integer status
        assertThat(error(Map.of("status", "503"))).isFalse();
        assertThat(error(Map.of())).isFalse();
    }

    @Test
    void position_isStableAndSpreadsEvenly() {
        assertThat(SamplingRules.position("trace-1")).isEqualTo(SamplingRules.position("trace-1"));
        double[] positions = IntStream.range(0, 20_000)
                .mapToDouble(i -> SamplingRules.position("id-" + i))
                .toArray();
        assertThat(java.util.Arrays.stream(positions).allMatch(p -> p >= 0.0 && p < 1.0))
                .isTrue();
        long belowTenth =
                java.util.Arrays.stream(positions).filter(p -> p < 0.1).count();
        assertThat(belowTenth / 20_000.0).isCloseTo(0.1, within(0.01));
    }

    @Test
    void position_isFnv1aMixed_soThatOtherLanguagesCanRepeatIt() {
        // FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c; SplitMix64's finaliser of it, top 53 bits over 2^53
        long hash = 0xcbf29ce484222325L;
        for (byte b : "a".getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        assertThat(hash).isEqualTo(0xaf63dc4c8601ec8cL);
        assertThat(SamplingRules.position("a")).isBetween(0.0, 1.0);
    }

    @Test
    void keeps_isNestedAcrossRates_andRateOneKeepsAll() {
        for (int i = 0; i < 1_000; i++) {
            String key = "t" + i;
            if (SamplingRules.keeps(key, 0.1)) {
                assertThat(SamplingRules.keeps(key, 0.5)).isTrue();
            }
            assertThat(SamplingRules.keeps(key, 1.0)).isTrue();
        }
    }
}
