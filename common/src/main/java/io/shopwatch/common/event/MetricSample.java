package io.shopwatch.common.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Map;

/**
 * One sample of a business metric, shaped like a Prometheus sample: a name, labels and a value.
 *
 * @param kind counter, gauge, histogram bucket or summary quantile, as in Prometheus
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MetricSample(
        @NotBlank @Pattern(regexp = "[a-zA-Z_:][a-zA-Z0-9_:]{0,199}") String name,

        @Size(max = 32) Map<String, String> labels,
        @NotNull Double value,
        Instant timestamp,
        Kind kind) {

    public enum Kind {
        COUNTER,
        GAUGE,
        HISTOGRAM,
        SUMMARY
    }

    public MetricSample {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        kind = kind == null ? Kind.GAUGE : kind;
    }
}
