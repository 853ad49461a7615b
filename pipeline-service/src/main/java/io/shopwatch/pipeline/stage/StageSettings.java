package io.shopwatch.pipeline.stage;

import com.networknt.schema.Schema;
import java.util.List;
import java.util.Map;

/**
 * The settings of the stages that have some, compiled and checked, as one immutable value: a new value replaces the
 * old one as a whole ({@link Stage#configuredBy}).
 *
 * @param requiredFields extra required fields per stream name
 * @param schemas the JSON schema of each stream that has one
 * @param serviceMetadata per service name, fields added as {@code service_<key>}
 * @param amountBands limits of the order-amount bands (at least one)
 */
public record StageSettings(
        Map<String, List<String>> requiredFields,
        Map<String, Schema> schemas,
        Map<String, Map<String, String>> serviceMetadata,
        List<Double> amountBands) {

    public StageSettings {
        requiredFields = Map.copyOf(requiredFields);
        schemas = Map.copyOf(schemas);
        serviceMetadata = Map.copyOf(serviceMetadata);
        amountBands = List.copyOf(amountBands);
    }
}
