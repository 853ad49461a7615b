package io.shopwatch.pipeline.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.pipeline.flow.Records;
import io.shopwatch.pipeline.record.PipelineRecord;
import io.shopwatch.pipeline.transform.FlattenTransformer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EnricherTest {

    private static PipelineRecord event(String json) {
        PipelineRecord record = Records.event("e1", json);
        new FlattenTransformer(3).apply(record);
        return record;
    }

    @Test
    void amountBand_byConfiguredLimits() {
        OrderAmountBandEnricher bands = new OrderAmountBandEnricher(List.of(200.0, 50.0, 1000.0));
        assertThat(bands.band(10)).isEqualTo("<50");
        assertThat(bands.band(50)).isEqualTo("50-200");
        assertThat(bands.band(999.99)).isEqualTo("200-1000");
        assertThat(bands.band(1000)).isEqualTo(">=1000");

        PipelineRecord record =
                event("{\"type\":\"order_placed\",\"session_id\":\"s\",\"properties\":{\"amount\":\"120.5\"}}");
        bands.apply(record);
        assertThat(record.document()).containsEntry("amount_band", "50-200");
    }

    @Test
    void serviceMetadata_addsConfiguredFields() {
        PipelineRecord record = Records.log("r1", "{\"level\":\"INFO\",\"service\":\"checkout\",\"message\":\"m\"}");
        new FlattenTransformer(3).apply(record);
        new ServiceMetadataEnricher(Map.of("checkout", Map.of("team", "payments", "On-Call", "alice"))).apply(record);
        assertThat(record.document())
                .containsEntry("service_team", "payments")
                .containsEntry("service_on_call", "alice");
    }

    @Test
    void geoIp_usesResolverForLiteralAddressesOnly() {
        GeoResolver resolver = ip -> ip.equals("1.2.3.4")
                ? Optional.of(new GeoResolver.Location("CN", "Zhejiang", "Hangzhou"))
                : Optional.empty();
        PipelineRecord record =
                event("{\"type\":\"page_view\",\"session_id\":\"s\",\"properties\":{\"client_ip\":\"1.2.3.4\"}}");
        new GeoIpEnricher(resolver).apply(record);
        assertThat(record.document()).containsEntry("geo_country", "CN").containsEntry("geo_city", "Hangzhou");
        assertThat(MaxMindGeoResolver.looksLikeAddress("example.com")).isFalse();
        assertThat(MaxMindGeoResolver.looksLikeAddress("10.0.0.1")).isTrue();
        assertThat(MaxMindGeoResolver.looksLikeAddress("2001:db8::1")).isTrue();
    }

    @Test
    void userAgent_parsesBrowserOsAndDevice() {
        PipelineRecord record = event("{\"type\":\"page_view\",\"session_id\":\"s\",\"properties\":{\"user_agent\":"
                + "\"Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)"
                + " Version/17.4 Mobile/15E148 Safari/604.1\"}}");
        new UserAgentEnricher(100).apply(record);
        assertThat(record.document())
                .containsEntry("ua_browser", "Safari")
                .containsEntry("ua_device_class", "Phone")
                .containsKey("ua_os");
    }
}
