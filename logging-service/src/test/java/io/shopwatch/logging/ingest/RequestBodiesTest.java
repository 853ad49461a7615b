package io.shopwatch.logging.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.ShopWatchException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

class RequestBodiesTest {

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    static ProblemType typeOf(Runnable call) {
        try {
            call.run();
        } catch (ShopWatchException e) {
            return e.type();
        }
        throw new AssertionError("no ShopWatchException");
    }

    @Test
    void read_plainAndGzip_giveTheSameBytes() throws IOException {
        byte[] data = "[{\"a\":1}]".getBytes(StandardCharsets.UTF_8);

        assertThat(RequestBodies.read(new ByteArrayInputStream(data), data.length, null, 100))
                .isEqualTo(data);
        assertThat(RequestBodies.read(new ByteArrayInputStream(data), -1, "identity", 100))
                .isEqualTo(data);
        byte[] compressed = gzip(data);
        assertThat(RequestBodies.read(new ByteArrayInputStream(compressed), compressed.length, "GZIP", 100))
                .isEqualTo(data);
    }

    @Test
    void read_overTheLimit_declaredOrCountedOrDecompressed_isPayloadTooLarge() throws IOException {
        byte[] data = new byte[101];
        assertThat(typeOf(() -> RequestBodies.read(new ByteArrayInputStream(new byte[0]), 101, null, 100)))
                .isEqualTo(ProblemType.PAYLOAD_TOO_LARGE);
        assertThat(typeOf(() -> RequestBodies.read(new ByteArrayInputStream(data), -1, null, 100)))
                .isEqualTo(ProblemType.PAYLOAD_TOO_LARGE);
        byte[] bomb = gzip(new byte[10_000]);
        assertThat(bomb.length).isLessThan(100);
        assertThat(typeOf(() -> RequestBodies.read(new ByteArrayInputStream(bomb), bomb.length, "gzip", 100)))
                .isEqualTo(ProblemType.PAYLOAD_TOO_LARGE);
        assertThat(RequestBodies.read(new ByteArrayInputStream(new byte[100]), 100, null, 100))
                .hasSize(100);
    }

    @Test
    void read_otherEncodings_areUnsupported_andBrokenGzipIsMalformed() {
        assertThat(typeOf(() -> RequestBodies.read(new ByteArrayInputStream(new byte[1]), 1, "br", 100)))
                .isEqualTo(ProblemType.UNSUPPORTED_MEDIA_TYPE);
        assertThatThrownBy(() -> RequestBodies.read(new ByteArrayInputStream(new byte[] {1, 2, 3}), 3, "gzip", 100))
                .isInstanceOfSatisfying(
                        ShopWatchException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.MALFORMED));
    }

    @Test
    void read_deflateZstdAndSnappy_giveTheSameBytes_andAreBoundedByTheLimit() throws IOException {
        byte[] data = "[{\"a\":1}]".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream deflated = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(deflated)) {
            out.write(data);
        }
        byte[] zstd = Zstd.compress(data);
        byte[] snappy = Snappy.compress(data);

        assertThat(RequestBodies.read(new ByteArrayInputStream(deflated.toByteArray()), -1, "deflate", 100))
                .isEqualTo(data);
        assertThat(RequestBodies.read(new ByteArrayInputStream(zstd), zstd.length, "zstd", 100))
                .isEqualTo(data);
        assertThat(RequestBodies.read(new ByteArrayInputStream(snappy), snappy.length, "snappy", 100))
                .isEqualTo(data);

        byte[] zstdBomb = Zstd.compress(new byte[10_000]);
        byte[] snappyBomb = Snappy.compress(new byte[10_000]);
        assertThat(typeOf(() -> RequestBodies.read(new ByteArrayInputStream(zstdBomb), -1, "zstd", 100)))
                .isEqualTo(ProblemType.PAYLOAD_TOO_LARGE);
        assertThat(typeOf(() -> RequestBodies.read(new ByteArrayInputStream(snappyBomb), -1, "snappy", 100)))
                .isEqualTo(ProblemType.PAYLOAD_TOO_LARGE);
        assertThat(typeOf(() -> RequestBodies.read(new ByteArrayInputStream(new byte[] {1, 2, 3}), 3, "zstd", 100)))
                .isEqualTo(ProblemType.MALFORMED);
        byte[] notSnappy = {-1, -1, -1};
        assertThat(typeOf(() -> RequestBodies.read(new ByteArrayInputStream(notSnappy), 3, "snappy", 100)))
                .isEqualTo(ProblemType.MALFORMED);
    }
}
