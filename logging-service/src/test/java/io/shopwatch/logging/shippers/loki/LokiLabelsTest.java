package io.shopwatch.logging.shippers.loki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shopwatch.common.web.ShopWatchException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class LokiLabelsTest {

    @Test
    void parse_prometheusTextForm_withEscapes() {
        ObjectNode labels = LokiLabels.parse("{app=\"cart\", path=\"a \\\"b\\\" \\\\ c\",line=\"x\\ny\"}");

        assertThat(labels.get("app").asString()).isEqualTo("cart");
        assertThat(labels.get("path").asString()).isEqualTo("a \"b\" \\ c");
        assertThat(labels.get("line").asString()).isEqualTo("x\ny");
        assertThat(LokiLabels.parse("{}").isEmpty()).isTrue();
        assertThat(LokiLabels.parse("").isEmpty()).isTrue();
    }

    @Test
    void parse_brokenForms_areRefused() {
        assertThatThrownBy(() -> LokiLabels.parse("app=cart")).isInstanceOf(ShopWatchException.class);
        assertThatThrownBy(() -> LokiLabels.parse("{app=cart}")).isInstanceOf(ShopWatchException.class);
        assertThatThrownBy(() -> LokiLabels.parse("{app=\"cart}")).isInstanceOf(ShopWatchException.class);
    }
}
