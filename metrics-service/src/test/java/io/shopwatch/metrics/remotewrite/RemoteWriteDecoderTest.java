package io.shopwatch.metrics.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shopwatch.metrics.sample.MetricType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RemoteWriteDecoderTest {

    private final RemoteWriteDecoder decoder = new RemoteWriteDecoder(1024 * 1024);

    @Test
    void decode_seriesSamplesAndMetadata() {
        byte[] body = RemoteWriteBodies.request()
                .series(
                        new String[] {"__name__", "http_requests_total", "job", "shop", "code", "200"},
                        new double[] {1.5, 2.5},
                        new long[] {1_700_000_000_000L, 1_700_000_015_000L})
                .metadata(RemoteWriteRequest.COUNTER, "http_requests_total")
                .snappy();

        RemoteWriteRequest request = decoder.decode(body);

        assertThat(request.series()).hasSize(1);
        RemoteWriteRequest.TimeSeries series = request.series().get(0);
        assertThat(series.label("__name__")).isEqualTo("http_requests_total");
        assertThat(series.label("code")).isEqualTo("200");
        assertThat(series.values()).containsExactly(1.5, 2.5);
        assertThat(series.timestamps()).containsExactly(1_700_000_000_000L, 1_700_000_015_000L);
        assertThat(request.types()).containsEntry("http_requests_total", RemoteWriteRequest.COUNTER);
    }

    @Test
    void decode_notSnappy_orNotProtobuf_orTooLarge_refused() {
        assertThatThrownBy(() -> decoder.decode("hello".getBytes()))
                .isInstanceOf(RemoteWriteDecoder.InvalidBodyException.class);
        assertThatThrownBy(() -> RemoteWriteDecoder.decodeProtobuf(new byte[] {0x0a, 0x7f, 0x01}))
                .isInstanceOf(RemoteWriteDecoder.InvalidBodyException.class);
        byte[] big = RemoteWriteBodies.request()
                .series(new String[] {"__name__", "x", "pad", "p".repeat(2000)}, new double[] {1}, new long[] {1})
                .snappy();
        assertThatThrownBy(() -> new RemoteWriteDecoder(1000).decode(big))
                .isInstanceOf(RemoteWriteDecoder.TooLargeException.class);
    }

    @Test
    void typeOf_familyOfHistogramSeries_andGaugeByDefault() {
        Map<String, Integer> types = Map.of("lat", RemoteWriteRequest.HISTOGRAM, "orders", RemoteWriteRequest.COUNTER);
        assertThat(RemoteWriteSamples.typeOf("lat_bucket", types)).isEqualTo(MetricType.HISTOGRAM);
        assertThat(RemoteWriteSamples.typeOf("lat_count", types)).isEqualTo(MetricType.HISTOGRAM);
        assertThat(RemoteWriteSamples.typeOf("orders_total", types)).isEqualTo(MetricType.COUNTER);
        assertThat(RemoteWriteSamples.typeOf("unknown", types)).isEqualTo(MetricType.GAUGE);
    }
}
