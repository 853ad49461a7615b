package io.shopwatch.logging.ingest;

import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.ShopWatchException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Reads a request body into memory, never more than a limit, decompressing gzip on the way. */
public final class RequestBodies {

    private RequestBodies() {}

    /**
     * The body's bytes.
     *
     * @param contentLength the declared length, negative when unknown (chunked)
     * @param contentEncoding {@code Content-Encoding}: absent, {@code identity} or {@code gzip}
     * @param limit most bytes accepted, counted after decompression
     * @throws ShopWatchException 413 over the limit, 415 for another encoding, 400 for a broken gzip stream
     */
    public static byte[] read(InputStream in, long contentLength, String contentEncoding, long limit) {
        if (contentLength > limit) {
            throw tooLarge(limit);
        }
        boolean gzip = isGzip(contentEncoding);
        try (InputStream source = gzip ? new GZIPInputStream(in, 16 * 1024) : in) {
            byte[] body = source.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (body.length > limit) {
                throw tooLarge(limit);
            }
            return body;
        } catch (ZipException e) {
            throw new ShopWatchException(ProblemType.MALFORMED, "request body is not valid gzip: " + e.getMessage());
        } catch (IOException e) {
            throw new ShopWatchException(
                    ProblemType.MALFORMED, "request body could not be read completely: " + e.getMessage());
        }
    }

    private static boolean isGzip(String contentEncoding) {
        if (contentEncoding == null || contentEncoding.isBlank()) {
            return false;
        }
        String encoding = contentEncoding.strip().toLowerCase(Locale.ROOT);
        return switch (encoding) {
            case "identity" -> false;
            case "gzip", "x-gzip" -> true;
            default ->
                throw new ShopWatchException(
                        ProblemType.UNSUPPORTED_MEDIA_TYPE,
                        "Content-Encoding '" + contentEncoding + "' is not supported; send gzip or no encoding");
        };
    }

    static ShopWatchException tooLarge(long limit) {
        return new ShopWatchException(
                ProblemType.PAYLOAD_TOO_LARGE,
                "request body is larger than " + limit + " bytes (INGEST_MAX_BODY_BYTES); split it into smaller"
                        + " batches");
    }
}
