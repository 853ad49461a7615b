package io.shopwatch.logging.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.shopwatch.logging.ingest.InvalidRecordException;
import io.shopwatch.logging.ingest.RejectReason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EventSchemaCatalogTest {

    /** The schema files shipped with the service. */
    static Map<String, String> shippedSchemas() {
        Map<String, String> files = new LinkedHashMap<>();
        try {
            for (Resource r :
                    new PathMatchingResourcePatternResolver().getResources("classpath*:event-schemas/*.json")) {
                files.put(r.getFilename(), r.getContentAsString(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    static JsonNode json(String text) {
        return JsonMapper.builder().build().readTree(text);
    }

    final EventSchemaCatalog catalog = EventSchemaCatalog.of(shippedSchemas(), UnknownEventTypes.ACCEPT);

    @Test
    void shippedVocabulary_coversTheFunnel() {
        assertThat(catalog.types())
                .contains(
                        "page_view",
                        "product_view",
                        "search",
                        "add_to_cart",
                        "remove_from_cart",
                        "checkout_start",
                        "order_placed",
                        "payment_succeeded",
                        "payment_failed",
                        "refund")
                .doesNotContain("_common", "_generic");
    }

    @Test
    void check_validOrder_passes_andSharedDefinitionsApply() {
        catalog.check(
                "order_placed",
                json("{\"order_id\":\"o-1\",\"amount\":59.97,\"currency\":\"EUR\",\"items\":[{\"product_id\":\"p\","
                        + "\"quantity\":3,\"price\":19.99}],\"anything_else\":true}"));

        InvalidRecordException e = catchThrowableOfType(
                InvalidRecordException.class,
                () -> catalog.check(
                        "order_placed",
                        json(
                                "{\"order_id\":\"o-1\",\"amount\":-1,\"currency\":\"EUR\",\"items\":[{\"quantity\":0}]}")));
        assertThat(e.reason()).isEqualTo(RejectReason.SCHEMA);
        assertThat(e.getMessage())
                .startsWith("order_placed: ")
                .contains("/properties/amount: must have a minimum value of 0")
                .contains("/properties/items/0: required property 'product_id' not found")
                .contains("/properties/items/0/quantity: must have a minimum value of 1");
    }

    @Test
    void check_unknownType_isAcceptedWithTheGenericSchema_orRejected() {
        catalog.check("wishlist_add", json("{\"product_id\":\"p\"}"));
        assertThat(catalog.metricType("wishlist_add")).isEqualTo("other");
        assertThat(catalog.metricType("order_placed")).isEqualTo("order_placed");

        EventSchemaCatalog strict = EventSchemaCatalog.of(shippedSchemas(), UnknownEventTypes.REJECT);
        InvalidRecordException e =
                catchThrowableOfType(InvalidRecordException.class, () -> strict.check("wishlist_add", json("{}")));
        assertThat(e.reason()).isEqualTo(RejectReason.UNKNOWN_TYPE);
        assertThat(e.getMessage()).contains("unknown event type 'wishlist_add'").contains("order_placed");
    }

    @Test
    void addingATypeIsAddingAFile() {
        Map<String, String> files = shippedSchemas();
        files.put(
                "wishlist_add.json",
                "{\"$id\":\"https://shopwatch.io/schemas/events/wishlist_add.json\",\"type\":\"object\","
                        + "\"required\":[\"product_id\"],\"properties\":{\"product_id\":{\"$ref\":"
                        + "\"_common.json#/$defs/id\"}}}");

        EventSchemaCatalog extended = EventSchemaCatalog.of(files, UnknownEventTypes.REJECT);

        assertThat(extended.isKnown("wishlist_add")).isTrue();
        extended.check("wishlist_add", json("{\"product_id\":\"p-1\"}"));
        assertThatThrownBy(() -> extended.check("wishlist_add", json("{\"product_id\":\"\"}")))
                .isInstanceOf(InvalidRecordException.class);
    }

    @Test
    void badFiles_stopTheCatalogFromBeingBuilt() {
        Map<String, String> badName = shippedSchemas();
        badName.put("Bad-Name.json", "{}");
        assertThatThrownBy(() -> EventSchemaCatalog.of(badName, UnknownEventTypes.ACCEPT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Bad-Name.json");

        Map<String, String> notJson = shippedSchemas();
        notJson.put("broken.json", "{\"type\":");
        assertThatThrownBy(() -> EventSchemaCatalog.of(notJson, UnknownEventTypes.ACCEPT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("broken.json");

        assertThatThrownBy(() -> EventSchemaCatalog.of(Map.of(), UnknownEventTypes.ACCEPT))
                .hasMessageContaining("_generic.json");
    }
}
