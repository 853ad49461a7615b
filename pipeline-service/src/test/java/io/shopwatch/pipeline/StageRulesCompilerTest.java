package io.shopwatch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shopwatch.common.event.TelemetryType;
import io.shopwatch.pipeline.enrich.OrderAmountBandEnricher;
import io.shopwatch.pipeline.enrich.ServiceMetadataEnricher;
import io.shopwatch.pipeline.flow.Records;
import io.shopwatch.pipeline.flow.StageChain;
import io.shopwatch.pipeline.quality.JsonSchemaCheck;
import io.shopwatch.pipeline.quality.RequiredFieldsCheck;
import io.shopwatch.pipeline.record.PipelineRecord;
import io.shopwatch.pipeline.stage.Stage;
import io.shopwatch.pipeline.transform.FlattenTransformer;
import io.shopwatch.pipeline.transform.TimestampTransformer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The whole chain is built from the properties, or refused with the setting named; nothing half-built escapes. */
class StageRulesCompilerTest {

    private final StageRulesCompiler compiler = new StageRulesCompiler(
            List.of(
                    new FlattenTransformer(3),
                    new TimestampTransformer(),
                    new ServiceMetadataEnricher(Map.of()),
                    new OrderAmountBandEnricher(List.of(1.0)),
                    new RequiredFieldsCheck(Map.of()),
                    new JsonSchemaCheck(Map.of())),
            location -> {
                if (location.equals("classpath:schemas/test-orders.json")) {
                    return new ByteArrayInputStream(
                            "{\"type\":\"object\",\"required\":[\"order_id\"]}".getBytes(StandardCharsets.UTF_8));
                }
                throw new IllegalStateException("no such resource " + location);
            });

    /** Binds flat keys the way the service does (with the service's own defaults for the rest). */
    private static PipelineProperties properties(Map<String, String> keys) {
        return new Binder(new MapConfigurationPropertySource(keys))
                .bindOrCreate("shopwatch.pipeline", Bindable.of(PipelineProperties.class));
    }

    private static Map<String, String> chain(String stages) {
        return Map.of("shopwatch.pipeline.stages", stages);
    }

    private static void run(StageChain chain, PipelineRecord record) {
        for (Stage stage : chain.forStream(record.stream())) {
            if (!record.isRejected()) {
                stage.apply(record);
            }
        }
    }

    @Test
    void compile_appliesEveryStageSetting() {
        StageChain chain = compiler.compile(properties(Map.of(
                "shopwatch.pipeline.stages",
                "flatten,timestamp,service_metadata,order_amount_band,required_fields,json_schema",
                "shopwatch.pipeline.streams.orders.required-fields[0]",
                "customer_id",
                "shopwatch.pipeline.streams.orders.json-schema",
                "{\"type\":\"object\",\"properties\":{\"total\":{\"type\":\"number\"}}}",
                "shopwatch.pipeline.streams.refunds.stages",
                "flatten,timestamp,json_schema",
                "shopwatch.pipeline.streams.refunds.schema",
                "classpath:schemas/test-orders.json",
                "shopwatch.pipeline.service-metadata.checkout.team",
                "payments",
                "shopwatch.pipeline.amount-bands",
                "10,100")));

        PipelineRecord ok = Records.record(
                "a",
                "orders",
                TelemetryType.EVENT,
                "{\"type\":\"order\",\"session_id\":\"s\",\"customer_id\":\"c\",\"service\":\"checkout\","
                        + "\"amount\":42,\"total\":42}",
                Records.NOW,
                0);
        run(chain, ok);
        assertThat(ok.isRejected()).isFalse();
        assertThat(ok.document()).containsEntry("service_team", "payments").containsEntry("amount_band", "10-100");

        PipelineRecord noCustomer = Records.record(
                "b", "orders", TelemetryType.EVENT, "{\"type\":\"order\",\"session_id\":\"s\"}", Records.NOW, 1);
        run(chain, noCustomer);
        assertThat(noCustomer.rejection().reason()).contains("customer_id");

        PipelineRecord badTotal = Records.record(
                "c",
                "orders",
                TelemetryType.EVENT,
                "{\"type\":\"order\",\"session_id\":\"s\",\"customer_id\":\"c\",\"total\":\"lots\"}",
                Records.NOW,
                2);
        run(chain, badTotal);
        assertThat(badTotal.rejection().stage()).isEqualTo("json_schema");

        assertThat(chain.names("refunds")).containsExactly("flatten", "timestamp", "json_schema");
        PipelineRecord noOrderId = Records.record("d", "refunds", TelemetryType.EVENT, "{\"x\":1}", Records.NOW, 3);
        run(chain, noOrderId);
        assertThat(noOrderId.rejection().stage()).isEqualTo("json_schema");
    }

    @Test
    void compile_invalidSettings_areRefusedNamingTheSetting() {
        assertThatThrownBy(() -> compiler.compile(properties(chain("flatten,timestamp,no_such_stage"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no_such_stage");
        assertThatThrownBy(() -> compiler.compile(properties(Map.of(
                        "shopwatch.pipeline.stages", "flatten,timestamp",
                        "shopwatch.pipeline.streams.orders.stages", "timestamp,required_fields"))))
                .hasMessageContaining("shopwatch.pipeline.streams.orders.stages must contain the stages");
        assertThatThrownBy(() -> compiler.compile(properties(Map.of(
                        "shopwatch.pipeline.stages", "flatten,timestamp",
                        "shopwatch.pipeline.streams.orders.required-fields", "Customer Id"))))
                .hasMessageContaining("shopwatch.pipeline.streams.orders.required-fields");
        assertThatThrownBy(() -> compiler.compile(properties(Map.of(
                        "shopwatch.pipeline.stages", "flatten,timestamp",
                        "shopwatch.pipeline.streams.orders.json-schema", "{\"type\":\"no-such-type\"}"))))
                .hasMessageContaining("shopwatch.pipeline.streams.orders.json-schema is not a valid JSON Schema");
        assertThatThrownBy(() -> compiler.compile(properties(Map.of(
                        "shopwatch.pipeline.stages", "flatten,timestamp",
                        "shopwatch.pipeline.streams.orders.json-schema", "{not json"))))
                .hasMessageContaining("shopwatch.pipeline.streams.orders.json-schema is not a valid JSON Schema");
        assertThatThrownBy(() -> compiler.compile(properties(Map.of(
                        "shopwatch.pipeline.stages", "flatten,timestamp",
                        "shopwatch.pipeline.streams.orders.schema", "classpath:missing.json"))))
                .hasMessageContaining("shopwatch.pipeline.streams.orders.schema: cannot read");
        assertThatThrownBy(() -> compiler.compile(properties(Map.of(
                        "shopwatch.pipeline.stages", "flatten,timestamp",
                        "shopwatch.pipeline.amount-bands", "-5,100"))))
                .hasMessageContaining("amount limits");
    }
}
