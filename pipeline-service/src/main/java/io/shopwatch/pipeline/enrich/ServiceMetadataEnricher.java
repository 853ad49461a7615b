package io.shopwatch.pipeline.enrich;

import io.shopwatch.common.openobserve.OpenObserveNames;
import io.shopwatch.pipeline.record.PipelineRecord;
import io.shopwatch.pipeline.stage.Stage;
import io.shopwatch.pipeline.stage.StageSettings;
import java.util.Map;

/**
 * Adds what configuration knows about the service that sent the record, as {@code service_<key>} fields (for
 * example {@code service_team}, {@code service_tier}), so that alerts and dashboards can group by owner.
 */
public final class ServiceMetadataEnricher implements Stage {

    private final Map<String, Map<String, String>> metadata;

    public ServiceMetadataEnricher(Map<String, Map<String, String>> metadata) {
        this.metadata = Map.copyOf(metadata);
    }

    @Override
    public String name() {
        return "service_metadata";
    }

    @Override
    public Phase phase() {
        return Phase.ENRICH;
    }

    @Override
    public ServiceMetadataEnricher configuredBy(StageSettings settings) {
        return new ServiceMetadataEnricher(settings.serviceMetadata());
    }

    @Override
    public void apply(PipelineRecord record) {
        if (record.document().get("service") instanceof String service) {
            Map<String, String> known = metadata.get(service);
            if (known != null) {
                known.forEach((key, value) -> record.document().put("service_" + OpenObserveNames.key(key), value));
            }
        }
    }
}
