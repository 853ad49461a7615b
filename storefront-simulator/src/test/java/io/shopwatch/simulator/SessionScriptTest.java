package io.shopwatch.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SessionScriptTest {

    static List<SessionScript.EventSpec> events(List<SessionScript.Step> steps) {
        List<SessionScript.EventSpec> all = new ArrayList<>();
        steps.forEach(s -> all.addAll(s.events()));
        return all;
    }

    static List<String> types(List<SessionScript.Step> steps) {
        return events(steps).stream().map(SessionScript.EventSpec::type).toList();
    }

    @Test
    void plan_isRepeatableForASeed() {
        assertThat(SessionScript.plan(new Random(7), SessionScript.Funnel.DEFAULT))
                .isEqualTo(SessionScript.plan(new Random(7), SessionScript.Funnel.DEFAULT));
    }

    @Test
    void everySession_followsTheFunnel_andMoneyAddsUp() {
        int orders = 0;
        int failedPayments = 0;
        int paid = 0;
        for (long seed = 0; seed < 2_000; seed++) {
            List<SessionScript.Step> steps = SessionScript.plan(new Random(seed), SessionScript.Funnel.DEFAULT);
            List<String> types = types(steps);
            assertThat(types.get(0)).isEqualTo("page_view");
            assertThat(steps.get(0).think()).isZero();
            if (types.contains("checkout_start")) {
                assertThat(types.indexOf("add_to_cart")).isLessThan(types.indexOf("checkout_start"));
            }
            String orderId = null;
            BigDecimal amount = null;
            for (SessionScript.EventSpec e : events(steps)) {
                Map<String, Object> p = e.properties();
                switch (e.type()) {
                    case "order_placed" -> {
                        assertThat(types.subList(0, types.indexOf("order_placed")))
                                .contains("checkout_start");
                        orderId = (String) p.get("order_id");
                        amount = (BigDecimal) p.get("amount");
                        BigDecimal items = BigDecimal.ZERO;
                        for (Object item : (List<?>) p.get("items")) {
                            Map<?, ?> line = (Map<?, ?>) item;
                            items = items.add(((BigDecimal) line.get("price"))
                                    .multiply(BigDecimal.valueOf((Integer) line.get("quantity"))));
                        }
                        assertThat(amount)
                                .isEqualByComparingTo(items.subtract((BigDecimal) p.get("discount"))
                                        .add((BigDecimal) p.get("shipping")));
                        orders++;
                    }
                    case "payment_succeeded", "payment_failed", "order_cancelled", "refund" -> {
                        assertThat(p.get("order_id")).isEqualTo(orderId);
                        assertThat((BigDecimal) p.get("amount")).isEqualByComparingTo(amount);
                        if (e.type().equals("payment_failed")) {
                            failedPayments++;
                            assertThat(p.get("reason")).isNotNull();
                        }
                        if (e.type().equals("payment_succeeded")) {
                            paid++;
                        }
                    }
                    default -> {}
                }
            }
            steps.forEach(s -> {
                assertThat(s.traceId()).matches("[0-9a-f]{32}");
                s.logs().forEach(l -> assertThat(l.level()).isIn("INFO", "WARN", "ERROR"));
            });
        }
        assertThat(orders).as("sessions that order").isBetween(150, 600);
        assertThat(failedPayments).as("failed payments").isPositive();
        assertThat(paid).isGreaterThan(failedPayments);
    }

    @Test
    void invalidShare_breaksOrdersOnPurpose() {
        SessionScript.Funnel alwaysInvalid = new SessionScript.Funnel(1.0, 1.0, 0.0, 1.0);

        List<SessionScript.EventSpec> events = events(SessionScript.plan(new Random(3), alwaysInvalid));

        assertThat(events)
                .filteredOn(e -> e.type().equals("order_placed"))
                .singleElement()
                .satisfies(e -> assertThat(e.properties()).doesNotContainKey("amount"));
        assertThat(events)
                .filteredOn(e -> e.type().equals("add_to_cart"))
                .allSatisfy(e -> assertThat(e.properties().get("quantity")).isEqualTo(0));
    }
}
