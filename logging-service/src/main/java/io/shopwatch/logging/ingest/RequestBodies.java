package io.shopwatch.logging.ingest;

import com.github.luben.zstd.ZstdIOException;
import com.github.luben.zstd.ZstdInputStream;
import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.ShopWatchException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;
import org.xerial.snappy.Snappy;

/**
 * Reads a request body into memory, never more than a limit (counted after decompression), decompressing on the way:
 * gzip, deflate (zlib), zstd, or snappy (block format).
 */
public final class RequestBodies {

    private RequestBodies() {}

    /** The encodings a request body may have ({@code Content-Encoding}). */
    private enum Encoding {
        IDENTITY,
        GZIP,
        DEFLATE,
        ZSTD,
        /** Snappy's block format (Prometheus remote write, Loki, the OpenTelemetry Collector's {@code snappy}). */
        SNAPPY
    }

    /**
     * The body's bytes.
     *
     * @param contentLength the declared length, negative when unknown (chunked)
     * @param contentEncoding {@code Content-Encoding}: absent, {@code identity}, {@code gzip}, {@code deflate},
     *     {@code zstd} or {@code snappy}
     * @param limit most bytes accepted, counted after decompression
     * @throws ShopWatchException 413 over the limit, 415 for another encoding, 400 for a broken compressed stream
     */
    public static byte[] read(InputStream in, long contentLength, String contentEncoding, long limit) {
        if (contentLength > limit) {
            throw tooLarge(limit);
        }
        Encoding encoding = encoding(contentEncoding);
        if (encoding == Encoding.SNAPPY) {
            return unsnappy(read(in, contentLength, null, limit), limit);
        }
        try (InputStream source = decoding(encoding, in)) {
            byte[] body = source.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (body.length > limit) {
                throw tooLarge(limit);
            }
            return body;
        } catch (ZipException | ZstdIOException e) {
            throw new ShopWatchException(
                    ProblemType.MALFORMED,
                    "request body is not valid " + encoding.name().toLowerCase(Locale.ROOT) + ": " + e.getMessage());
        } catch (IOException e) {
            throw new ShopWatchException(
                    ProblemType.MALFORMED, "request body could not be read completely: " + e.getMessage());
        }
    }

    private static InputStream decoding(Encoding encoding, InputStream in) throws IOException {
        return switch (encoding) {
            case IDENTITY, SNAPPY -> in;
            case GZIP -> new GZIPInputStream(in, 16 * 1024);
            case DEFLATE -> new InflaterInputStream(in, new Inflater(), 16 * 1024);
            case ZSTD -> new ZstdInputStream(in);
        };
    }

    /**
     * Expands snappy's block format, which states its length first: checked against the limit before anything is
     * expanded.
     *
     * @throws ShopWatchException 413 over the limit, 400 when it is not snappy
     */
    public static byte[] unsnappy(byte[] compressed, long limit) {
        try {
            if (!Snappy.isValidCompressedBuffer(compressed)) {
                throw new ShopWatchException(ProblemType.MALFORMED, "request body is not valid snappy");
            }
            if (Snappy.uncompressedLength(compressed) > limit) {
                throw tooLarge(limit);
            }
            return Snappy.uncompress(compressed);
        } catch (IOException e) {
            throw new ShopWatchException(ProblemType.MALFORMED, "request body is not valid snappy: " + e.getMessage());
        }
    }

    private static Encoding encoding(String contentEncoding) {
        if (contentEncoding == null || contentEncoding.isBlank()) {
            return Encoding.IDENTITY;
        }
        return switch (contentEncoding.strip().toLowerCase(Locale.ROOT)) {
            case "identity" -> Encoding.IDENTITY;
            case "gzip", "x-gzip" -> Encoding.GZIP;
            case "deflate" -> Encoding.DEFLATE;
            case "zstd" -> Encoding.ZSTD;
            case "snappy" -> Encoding.SNAPPY;
            default ->
                throw new ShopWatchException(
                        ProblemType.UNSUPPORTED_MEDIA_TYPE,
                        "Content-Encoding '" + contentEncoding
                                + "' is not supported; send gzip, deflate, zstd, snappy or no encoding");
        };
    }

    static ShopWatchException tooLarge(long limit) {
        return new ShopWatchException(
                ProblemType.PAYLOAD_TOO_LARGE,
                "request body is larger than " + limit + " bytes (INGEST_MAX_BODY_BYTES); split it into smaller"
                        + " batches");
    }
}
