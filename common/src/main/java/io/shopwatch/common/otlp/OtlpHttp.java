package io.shopwatch.common.otlp;

import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.RetryLaterException;
import io.shopwatch.common.web.ShopWatchException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every OTLP/HTTP receiver (traces, metrics, logs) shares: reading a request body gunzipped within a limit counted
 * after decompression, and answering a refusal the way the specification asks — the HTTP status, a {@code
 * google.rpc.Status} ({@code code}, {@code message}) in the request's encoding, {@code Retry-After} when the client
 * should come back.
 */
public final class OtlpHttp {

    /** OTLP's protobuf content type. */
    public static final String PROTOBUF = "application/x-protobuf";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private OtlpHttp() {}

    /**
     * The request's body, gunzipped when {@code Content-Encoding: gzip}, never more than {@code maxBodyBytes} after
     * decompression.
     *
     * @param sizeSetting the setting that raises the limit, named in the 413's message
     * @throws ShopWatchException 413 over the limit, 415 for an encoding other than gzip, 400 for broken gzip
     */
    public static byte[] readBody(HttpServletRequest request, long maxBodyBytes, String sizeSetting) {
        if (request.getContentLengthLong() > maxBodyBytes) {
            throw tooLarge(maxBodyBytes, sizeSetting);
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
                throw tooLarge(maxBodyBytes, sizeSetting);
            }
            return body;
        } catch (ZipException e) {
            throw new ShopWatchException(ProblemType.MALFORMED, "body is not valid gzip: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the request body", e);
        }
    }

    private static ShopWatchException tooLarge(long maxBodyBytes, String sizeSetting) {
        return new ShopWatchException(
                ProblemType.PAYLOAD_TOO_LARGE,
                "request body is larger than " + maxBodyBytes + " bytes after decompression (" + sizeSetting + ");"
                        + " send smaller batches");
    }

    /**
     * A refusal as OTLP wants it: the exception's status, its message in a {@code google.rpc.Status} encoded as JSON
     * when {@code json}, as protobuf otherwise, and {@code Retry-After} for a {@link RetryLaterException}.
     */
    public static ResponseEntity<byte[]> refusal(ShopWatchException e, boolean json) {
        int status = e.type().status();
        String message = e.getMessage() == null ? e.type().title() : e.getMessage();
        int code = grpcCode(status);
        byte[] body;
        if (json) {
            Map<String, Object> rpcStatus = new LinkedHashMap<>();
            rpcStatus.put("code", code);
            rpcStatus.put("message", message);
            body = JSON.writeValueAsBytes(rpcStatus);
        } else {
            body = statusProto(code, message);
        }
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(status)
                .contentType(json ? MediaType.APPLICATION_JSON : MediaType.parseMediaType(PROTOBUF));
        if (e instanceof RetryLaterException later) {
            answer.header(HttpHeaders.RETRY_AFTER, Long.toString(later.retryAfterSeconds()));
        }
        return answer.body(body);
    }

    /**
     * Whether an OTLP request body is JSON ({@code application/json}) rather than protobuf ({@code
     * application/x-protobuf} or {@code application/protobuf}).
     *
     * @throws ShopWatchException 415 for a missing content type or any other
     */
    public static boolean isJson(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            throw new ShopWatchException(
                    ProblemType.UNSUPPORTED_MEDIA_TYPE, "send Content-Type application/x-protobuf or application/json");
        }
        String type = contentType.strip().toLowerCase(Locale.ROOT);
        if (type.startsWith("application/json")) {
            return true;
        }
        if (type.startsWith(PROTOBUF) || type.startsWith("application/protobuf")) {
            return false;
        }
        throw new ShopWatchException(
                ProblemType.UNSUPPORTED_MEDIA_TYPE,
                "Content-Type '" + contentType + "' is not OTLP/HTTP; send application/x-protobuf or application/json");
    }

    /** Whether a refusal of this request is written as JSON: its content type is JSON; protobuf otherwise. */
    public static boolean answersInJson(HttpServletRequest request) {
        String contentType = request.getContentType();
        return contentType != null
                && contentType.strip().toLowerCase(Locale.ROOT).startsWith("application/json");
    }

    /** The gRPC code of an HTTP status (informational: OTLP clients must not branch on it). */
    public static int grpcCode(int httpStatus) {
        return switch (httpStatus) {
            case 401 -> 16; // UNAUTHENTICATED
            case 403 -> 7; // PERMISSION_DENIED
            case 413, 429 -> 8; // RESOURCE_EXHAUSTED
            case 503 -> 14; // UNAVAILABLE
            default -> httpStatus >= 500 ? 13 : 3; // INTERNAL, INVALID_ARGUMENT
        };
    }

    /** {@code google.rpc.Status} in protobuf: field 1 {@code int32 code}, field 2 {@code string message}. */
    public static byte[] statusProto(int code, String message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x08); // field 1, varint
        writeVarint(out, code);
        byte[] text = (message == null ? "" : message).getBytes(StandardCharsets.UTF_8);
        out.write(0x12); // field 2, length-delimited
        writeVarint(out, text.length);
        out.write(text, 0, text.length);
        return out.toByteArray();
    }

    private static void writeVarint(ByteArrayOutputStream out, int value) {
        long v = value & 0xFFFFFFFFL; // the codes and lengths here are never negative
        while (v >= 0x80) {
            out.write((int) (v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }
}
