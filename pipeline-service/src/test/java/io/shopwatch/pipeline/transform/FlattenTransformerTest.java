package io.shopwatch.pipeline.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.common.openobserve.OpenObserveNames;
import io.shopwatch.pipeline.flow.Records;
import io.shopwatch.pipeline.record.PipelineRecord;
import org.junit.jupiter.api.Test;

class FlattenTransformerTest {

    @Test
    void apply_flattensLikeOpenObserve() {
        PipelineRecord record = Records.log(
                "r1",
                "{\"Level\":\"warn\",\"service\":\"cart\",\"message\":\"m\",\"attributes\":{\"Order.Id\":7,"
                        + "\"deep\":{\"x\":{\"y\":1}},\"tags\":[1,2],\"gone\":null,\"ok\":true,\"price\":9.5}}");

        new FlattenTransformer(3).apply(record);

        assertThat(record.document())
                .containsEntry("level", "warn")
                .containsEntry("attributes_order_id", 7L)
                .containsEntry("attributes_deep_x", "{\"y\":1}")
                .containsEntry("attributes_tags", "[1,2]")
                .containsEntry("attributes_ok", true)
                .containsEntry("attributes_price", 9.5)
                .doesNotContainKey("attributes_gone");
    }

    @Test
    void apply_dropsEmptyArrays_sortsKeys_andLetsTheLaterSortedKeyWin_likeTheStore() {
        PipelineRecord record = Records.log(
                "r1",
                "{\"level\":\"warn\",\"service\":\"cart\",\"message\":\"m\",\"attributes\":{\"tags\":[],"
                        + "\"a_b\":2,\"a.b\":1,\"deep\":{\"x\":{\"B\":1,\"A\":2}}}}");

        new FlattenTransformer(3).apply(record);

        assertThat(record.document())
                .doesNotContainKey("attributes_tags")
                .containsEntry("attributes_a_b", 2L)
                .containsEntry("attributes_deep_x", "{\"A\":2,\"B\":1}");
    }

    @Test
    void apply_nonObjectPayload_isRejected() {
        PipelineRecord record = Records.log("r1", "[1,2]");
        new FlattenTransformer(3).apply(record);
        assertThat(record.rejection().reason()).isEqualTo("payload must be a JSON object");
    }

    @Test
    void normaliseKey_likeFormatKey() {
        assertThat(OpenObserveNames.key("Country")).isEqualTo("country");
        assertThat(OpenObserveNames.key("k8s/pod-name")).isEqualTo("k8s_pod_name");
        assertThat(OpenObserveNames.key("@timestamp")).isEqualTo("_timestamp");
    }

    @Test
    void levels_synonymsAndSyslogNumbers() {
        assertThat(LevelTransformer.normalise("warning")).isEqualTo("WARN");
        assertThat(LevelTransformer.normalise("Err")).isEqualTo("ERROR");
        assertThat(LevelTransformer.normalise(3L)).isEqualTo("ERROR");
        assertThat(LevelTransformer.normalise("6")).isEqualTo("INFO");
        assertThat(LevelTransformer.normalise("custom")).isEqualTo("CUSTOM");
    }
}
