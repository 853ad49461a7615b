package io.shopwatch.pipeline.enrich;

import io.shopwatch.pipeline.record.PipelineRecord;
import io.shopwatch.pipeline.stage.Stage;
import io.shopwatch.pipeline.stage.StageSettings;
import java.util.List;

/**
 * Derives {@code amount_band} from an order or payment amount, so that dashboards and alerts can compare small and
 * large baskets without a CASE expression in every query. Bands are bounded by configured limits: with limits 50,
 * 200, 1000 the bands are {@code <50}, {@code 50-200}, {@code 200-1000} and {@code >=1000}.
 */
public final class OrderAmountBandEnricher implements Stage {

    public static final List<String> SOURCE_FIELDS = List.of("properties_amount", "amount", "attributes_amount");

    private final double[] limits;
    private final String[] bands;

    public OrderAmountBandEnricher(List<Double> limits) {
        if (limits.isEmpty()) {
            throw new IllegalArgumentException("at least one amount limit is needed");
        }
        for (Double limit : limits) {
            if (limit == null || !Double.isFinite(limit) || limit < 0) {
                throw new IllegalArgumentException("amount limits are numbers from 0 up, not " + limit);
            }
        }
        this.limits = limits.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        this.bands = new String[this.limits.length + 1];
        for (int i = 0; i <= this.limits.length; i++) {
            if (i == 0) {
                bands[i] = "<" + format(this.limits[0]);
            } else if (i == this.limits.length) {
                bands[i] = ">=" + format(this.limits[i - 1]);
            } else {
                bands[i] = format(this.limits[i - 1]) + "-" + format(this.limits[i]);
            }
        }
    }

    private static String format(double limit) {
        return limit == Math.rint(limit) ? Long.toString((long) limit) : Double.toString(limit);
    }

    @Override
    public String name() {
        return "order_amount_band";
    }

    @Override
    public Phase phase() {
        return Phase.ENRICH;
    }

    @Override
    public OrderAmountBandEnricher configuredBy(StageSettings settings) {
        return new OrderAmountBandEnricher(settings.amountBands());
    }

    @Override
    public void apply(PipelineRecord record) {
        for (String field : SOURCE_FIELDS) {
            Object value = record.document().get(field);
            double amount;
            if (value instanceof Number n) {
                amount = n.doubleValue();
            } else if (value instanceof String s) {
                try {
                    amount = Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    continue;
                }
            } else {
                continue;
            }
            record.document().put("amount_band", band(amount));
            return;
        }
    }

    String band(double amount) {
        int i = 0;
        while (i < limits.length && amount >= limits[i]) {
            i++;
        }
        return bands[i];
    }
}
