package io.shopwatch.tracing.ingest;

import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.ShopWatchException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.springframework.http.HttpHeaders;

/** Reads a span request's body into memory, gunzipped, never more than a limit counted after decompression. */
public final class RequestBodies {

    private RequestBodies() {}

    /**
     * @throws ShopWatchException 413 over the limit, 415 for an encoding other than gzip, 400 for broken gzip
     */
    public static byte[] read(HttpServletRequest request, long maxBodyBytes) {
        if (request.getContentLengthLong() > maxBodyBytes) {
            throw tooLarge(maxBodyBytes);
        }
        String encoding = request.getHeader(HttpHeaders.CONTENT_ENCODING);
        boolean gzip = false;
        if (encoding != null && !encoding.isBlank()) {
            switch (encoding.strip().toLowerCase(Locale.ROOT)) {
                case "identity" -> gzip = false;
                case "gzip", "x-gzip" -> gzip = true;
                default ->
                    throw new ShopWatchException(
                            ProblemType.UNSUPPORTED_MEDIA_TYPE,
                            "Content-Encoding " + encoding + " is not supported; send gzip or no encoding");
            }
        }
        try (InputStream raw = request.getInputStream();
                InputStream in = gzip ? new GZIPInputStream(raw, 16 * 1024) : raw) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            if (body.length > maxBodyBytes) {
                throw tooLarge(maxBodyBytes);
            }
            return body;
        } catch (ZipException e) {
            throw new ShopWatchException(ProblemType.MALFORMED, "body is not valid gzip: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the request body", e);
        }
    }

    private static ShopWatchException tooLarge(long maxBodyBytes) {
        return new ShopWatchException(
                ProblemType.PAYLOAD_TOO_LARGE,
                "request body is larger than " + maxBodyBytes + " bytes after decompression (TRACES_MAX_BODY_SIZE);"
                        + " send smaller batches");
    }
}
