package io.shopwatch.pipeline.enrich;

import io.shopwatch.pipeline.record.PipelineRecord;
import io.shopwatch.pipeline.stage.Stage;
import java.util.List;

/** Adds {@code geo_country}, {@code geo_region} and {@code geo_city} from the client's IP address. */
public final class GeoIpEnricher implements Stage {

    public static final List<String> SOURCE_FIELDS =
            List.of("client_ip", "properties_client_ip", "attributes_client_ip", "ip");

    private final GeoResolver resolver;

    public GeoIpEnricher(GeoResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public String name() {
        return "geo_ip";
    }

    @Override
    public Phase phase() {
        return Phase.ENRICH;
    }

    @Override
    public void apply(PipelineRecord record) {
        String ip = FieldLookup.firstText(record.document(), SOURCE_FIELDS);
        if (ip == null) {
            return;
        }
        resolver.locate(ip).ifPresent(location -> {
            putIfPresent(record, "geo_country", location.country());
            putIfPresent(record, "geo_region", location.region());
            putIfPresent(record, "geo_city", location.city());
        });
    }

    private static void putIfPresent(PipelineRecord record, String field, String value) {
        if (value != null) {
            record.document().put(field, value);
        }
    }
}
