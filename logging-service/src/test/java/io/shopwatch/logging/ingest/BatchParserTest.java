package io.shopwatch.logging.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.ShopWatchException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class BatchParserTest {

    final BatchParser parser = new BatchParser(JsonMapper.builder().build());

    List<BatchParser.Item> parse(String body, BatchParser.Format format, int max) {
        return parser.parse(body.getBytes(StandardCharsets.UTF_8), format, max);
    }

    @Test
    void jsonArray_givesOneItemPerElement_whateverItsType() {
        List<BatchParser.Item> items = parse("[{\"a\":1}, 2, [3], null]", BatchParser.Format.JSON, 10);

        assertThat(items).extracting(i -> i.node().toString()).containsExactly("{\"a\":1}", "2", "[3]", "null");
        assertThat(items).extracting(BatchParser.Item::error).containsOnlyNulls();
    }

    @Test
    void singleObject_isABatchOfOne() {
        assertThat(parse(" {\"a\":1} ", BatchParser.Format.JSON, 10)).hasSize(1);
    }

    @Test
    void brokenJson_isMalformedWithItsPosition() {
        assertThatThrownBy(() -> parse("[{\"a\":1},\n{\"b\":", BatchParser.Format.JSON, 10))
                .isInstanceOfSatisfying(
                        ShopWatchException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.MALFORMED))
                .hasMessageContaining("line 2");
    }

    @Test
    void trailingContent_scalarsAndEmptyBodies_areMalformed() {
        for (String body : List.of("[] []", "\"text\"", "", "   ")) {
            assertThatThrownBy(() -> parse(body, BatchParser.Format.JSON, 10))
                    .as(body)
                    .isInstanceOfSatisfying(
                            ShopWatchException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.MALFORMED));
        }
    }

    @Test
    void tooManyRecords_isPayloadTooLarge() {
        assertThatThrownBy(() -> parse("[1,2,3]", BatchParser.Format.JSON, 2))
                .isInstanceOfSatisfying(
                        ShopWatchException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.PAYLOAD_TOO_LARGE));
        assertThatThrownBy(() -> parse("1\n2\n3\n", BatchParser.Format.NDJSON, 2))
                .isInstanceOfSatisfying(
                        ShopWatchException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.PAYLOAD_TOO_LARGE));
        assertThat(parse("[1,2]", BatchParser.Format.JSON, 2)).hasSize(2);
    }

    @Test
    void ndjson_skipsBlankLines_andReportsBrokenLinesOneByOne() {
        List<BatchParser.Item> items =
                parse("{\"a\":1}\r\n\n   \n{\"b\":\n{\"c\":3} {\"d\":4}\n{\"e\":5}", BatchParser.Format.NDJSON, 10);

        assertThat(items).hasSize(4);
        assertThat(items.get(0).node().toString()).isEqualTo("{\"a\":1}");
        assertThat(items.get(1).error()).startsWith("line 4 is not valid JSON").doesNotContain("Source");
        assertThat(items.get(2).error()).as("two values on one line").startsWith("line 5 is not valid JSON");
        assertThat(items.get(3).node().toString()).isEqualTo("{\"e\":5}");
    }

    @Test
    void ndjson_withoutAnyValidLine_isMalformed() {
        assertThatThrownBy(() -> parse("nope\n{\n", BatchParser.Format.NDJSON, 10))
                .isInstanceOfSatisfying(
                        ShopWatchException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.MALFORMED));
        assertThatThrownBy(() -> parse("", BatchParser.Format.NDJSON, 10)).isInstanceOf(ShopWatchException.class);
        assertThat(parse("\n\n", BatchParser.Format.NDJSON, 10)).isEmpty();
    }
}
