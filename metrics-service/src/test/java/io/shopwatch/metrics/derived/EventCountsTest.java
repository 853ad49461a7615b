package io.shopwatch.metrics.derived;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class EventCountsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static List<String> of(String document) {
        return EventCounts.of(JSON.readTree(document)).stream()
                .map(i -> i.metric() + i.labels() + "+" + i.amount())
                .toList();
    }

    @Test
    void of_orderPlacedAsStored_orderAndGmv() {
        assertThat(of("""
                {"type":"order_placed","session_id":"s","properties_order_id":"o-1","properties_amount":42.5,
                 "properties_currency":"EUR","properties_payment_method":"card"}"""))
                .containsExactly("shop_orders_total{payment_method=card}+1.0", "shop_gmv_total{currency=EUR}+42.5");
    }

    @Test
    void of_orderItems_unitsPerProduct_fromTheStoredJsonTextOrAnArray() {
        List<EventCounts.Increment> increments = EventCounts.of(JSON.readTree("""
                {"type":"order_placed","properties_items":"[{\\"product_id\\":\\"p-1\\",\\"quantity\\":2},\
                {\\"product_id\\":\\"p-2\\"},{\\"product_id\\":\\"p-1\\",\\"quantity\\":\\"3\\"},\
                {\\"quantity\\":4},{\\"product_id\\":\\"p-3\\",\\"quantity\\":0}]"}"""));
        assertThat(increments)
                .filteredOn(i -> i.metric().equals("shop_items_sold_total"))
                .extracting(i -> i.labels() + "+" + i.amount() + " " + i.part())
                .containsExactly("{product=p-1}+5.0 p-1", "{product=p-2}+1.0 p-2");
        assertThat(of("""
                {"type":"order_placed","properties":{"items":[{"product_id":"p-9","quantity":1}]}}""")).containsExactly("shop_orders_total{}+1.0", "shop_items_sold_total{product=p-9}+1.0");
        assertThat(of("{\"type\":\"order_placed\",\"properties_items\":\"not json\"}"))
                .containsExactly("shop_orders_total{}+1.0");
    }

    @Test
    void of_orderWithoutAmount_orderOnly() {
        assertThat(of("{\"type\":\"order_placed\",\"properties\":{\"channel\":\"app\"}}"))
                .containsExactly("shop_orders_total{channel=app}+1.0");
    }

    @Test
    void of_payments_resultLabel() {
        assertThat(of("{\"type\":\"payment_succeeded\",\"properties_provider\":\"acmepay\"}"))
                .containsExactly("shop_payments_total{provider=acmepay, result=success}+1.0");
        assertThat(of("{\"type\":\"payment_failed\",\"provider\":\"acmepay\"}"))
                .containsExactly("shop_payments_total{provider=acmepay, result=failure}+1.0");
    }

    @Test
    void of_refundAndCheckoutStart_otherEventsNothing() {
        assertThat(
                        of(
                                "{\"type\":\"refund\",\"properties_currency\":\"EUR\",\"properties_reason\":\"customer_request\"}"))
                .containsExactly("shop_refunds_total{currency=EUR, reason=customer_request}+1.0");
        assertThat(of("{\"type\":\"checkout_start\"}")).containsExactly("shop_checkouts_total{}+1.0");
        assertThat(of("{\"type\":\"page_view\"}")).isEmpty();
        assertThat(of("{\"message\":\"a log line\"}")).isEmpty();
    }
}
