package io.shopwatch.common.openobserve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Cases from OpenObserve's own {@code flatten.rs} tests. */
class OpenObserveFlatteningTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    @Test
    void flatten_joinsNestedKeysWithUnderscore() {
        assertThat(new OpenObserveFlattening(0)
                        .flatten(json("{\"key\":\"value\",\"nested_key\":{\"key1\":\"v1\",\"Key2\":2}}")))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("key", "value", "nested_key_key1", "v1", "nested_key_key2", 2L));
    }

    @Test
    void flatten_turnsArraysIntoJsonText_andDropsEmptyValuesAndNulls() {
        Map<String, Object> flat = new OpenObserveFlattening(3)
                .flatten(json(
                        "{\"s\":{\"a\":[1,2.0,\"b\",null,true]},\"e\":[],\"o\":{},\"n\":null,\"x\":{\"\":\"a\"}}"));
        assertThat(flat).containsExactlyInAnyOrderEntriesOf(Map.of("s_a", "[1,2.0,\"b\",null,true]", "x_", "a"));
    }

    @Test
    void flatten_keepsObjectsBeyondTheLevelAsSortedJsonTextWithTheirOriginalKeys() {
        String input =
                "{\"info\":{\"address\":{\"city\":\"Anytown\",\"phoneNumbers\":{\"type\":\"home\",\"number\":\"1\"}}},"
                        + "\"firstName\":\"John\"}";
        assertThat(new OpenObserveFlattening(3).flatten(json(input)))
                .containsEntry("firstname", "John")
                .containsEntry("info_address_city", "Anytown")
                .containsEntry("info_address_phonenumbers", "{\"number\":\"1\",\"type\":\"home\"}");
        assertThat(new OpenObserveFlattening(1).flatten(json(input)))
                .containsEntry(
                        "info",
                        "{\"address\":{\"city\":\"Anytown\",\"phoneNumbers\":{\"number\":\"1\",\"type\":\"home\"}}}");
        assertThat(new OpenObserveFlattening(0).flatten(json(input)))
                .containsEntry("info_address_phonenumbers_type", "home");
    }

    @Test
    void flatten_normalisesKeysAtEveryLevel() {
        assertThat(new OpenObserveFlattening(0)
                        .flatten(json("{\"key+bar\":\"value\",\"@nested_key\":{\"#key\":\"value\",\"&Foo\":\"Bar\"}}")))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("key_bar", "value", "_nested_key__key", "value", "_nested_key__foo", "Bar"));
    }

    @Test
    void flatten_letsTheLaterKeyInSortedOrderWinACollision() {
        assertThat(new OpenObserveFlattening(3).flatten(json("{\"a.b\":1,\"a_b\":2}")))
                .containsExactly(Map.entry("a_b", 2L));
    }

    @Test
    void flatten_keepsJsonTypes() {
        Map<String, Object> flat = new OpenObserveFlattening(3)
                .flatten(json("{\"i\":1,\"f\":1.5,\"b\":true,\"s\":\"x\",\"u\":18446744073709551615}"));
        assertThat(flat)
                .containsEntry("i", 1L)
                .containsEntry("f", 1.5)
                .containsEntry("b", true)
                .containsEntry("s", "x")
                .containsEntry("u", new BigInteger("18446744073709551615"));
    }

    @Test
    void flatten_refusesAnythingButAnObject() {
        for (String value : new String[] {"3", "\"\"", "false", "null", "[1,2]"}) {
            assertThatThrownBy(() -> new OpenObserveFlattening(3).flatten(json(value)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("flatten value must be an object");
        }
    }

    @Test
    void flatten_keepsNestedArraysAsOneSortedJsonText() {
        Map<String, Object> flat = new OpenObserveFlattening(3)
                .flatten(json("{\"a\":[[1,2],[3,[]]],\"b\":[{\"Y\":1,\"X\":{\"z\":null}}],\"c\":{\"d\":[]}}"));
        assertThat(flat)
                .containsExactly(Map.entry("a", "[[1,2],[3,[]]]"), Map.entry("b", "[{\"X\":{\"z\":null},\"Y\":1}]"));
    }

    @Test
    void flatten_sortsKeysThatArriveUnsorted_soTheCollisionWinnerDoesNotDependOnOrder() {
        assertThat(new OpenObserveFlattening(3).flatten(json("{\"a_b\":2,\"a.b\":1}")))
                .containsExactly(Map.entry("a_b", 2L));
        assertThat(new OpenObserveFlattening(3).flatten(json("{\"z\":1,\"B\":{\"y\":2,\"x\":3}}")))
                .containsExactly(Map.entry("b_x", 3L), Map.entry("b_y", 2L), Map.entry("z", 1L));
    }

    @Test
    void flatten_intoAnExistingMap_addsTheFlattenedFields() {
        Map<String, Object> document = new java.util.LinkedHashMap<>(Map.of("kept", "yes"));
        new OpenObserveFlattening(3).flattenInto(json("{\"Level\":\"warn\"}"), document);
        assertThat(document).containsExactly(Map.entry("kept", "yes"), Map.entry("level", "warn"));
    }
}
