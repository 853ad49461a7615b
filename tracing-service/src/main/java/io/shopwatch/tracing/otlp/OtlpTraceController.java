package io.shopwatch.tracing.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.shopwatch.common.otlp.OtlpHttp;
import io.shopwatch.common.security.servlet.OrgResolver;
import io.shopwatch.common.trace.SpanRows;
import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.ShopWatchException;
import io.shopwatch.tracing.ingest.SpanIntake;
import io.shopwatch.tracing.settings.TracingProperties;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * OTLP/HTTP trace receiver, per the OTLP specification: {@code POST /v1/traces} (the org of the caller's token) and
 * OpenObserve's {@code POST /api/{org}/v1/traces}. Protobuf ({@code application/x-protobuf}) and JSON
 * ({@code application/json}, ids in hex) bodies, optionally gzip; the answer has the request's content type. Spans
 * with ids of the wrong length are rejected and reported as partial success (200 with {@code rejectedSpans}); an
 * undecodable body is 400, a body over the limit after decompression 413, another content type 415, Kafka unable to
 * take the spans 503 with {@code Retry-After}. Error bodies are a {@code google.rpc.Status} in the request's encoding.
 */
@RestController
public class OtlpTraceController {

    static final MediaType PROTOBUF = MediaType.parseMediaType("application/x-protobuf");
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final SpanIntake intake;
    private final OrgResolver orgs;
    private final long maxBodyBytes;

    public OtlpTraceController(SpanIntake intake, OrgResolver orgs, TracingProperties properties) {
        this.intake = intake;
        this.orgs = orgs;
        this.maxBodyBytes = properties.maxBodySize().toBytes();
    }

    @PostMapping("/v1/traces")
    public ResponseEntity<byte[]> traces(HttpServletRequest request) {
        return receive(orgs.org(request), request);
    }

    @PostMapping("/api/{org}/v1/traces")
    public ResponseEntity<byte[]> tracesOfOrg(@PathVariable String org, HttpServletRequest request) {
        if (!org.equals(orgs.org(request))) {
            throw new ShopWatchException(ProblemType.FORBIDDEN, "the caller may not write to org " + org);
        }
        return receive(org, request);
    }

    private ResponseEntity<byte[]> receive(String org, HttpServletRequest request) {
        boolean protobuf = isProtobuf(request);
        byte[] body = OtlpHttp.readBody(request, maxBodyBytes, "TRACES_MAX_BODY_SIZE");
        JsonNode otlp;
        if (protobuf) {
            try {
                otlp = OtlpProtobuf.toJson(ExportTraceServiceRequest.parseFrom(body));
            } catch (InvalidProtocolBufferException e) {
                throw new ShopWatchException(
                        ProblemType.MALFORMED, "not an OTLP ExportTraceServiceRequest: " + e.getMessage());
            }
        } else {
            try {
                otlp = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
            } catch (JacksonException e) {
                throw new ShopWatchException(ProblemType.MALFORMED, "not JSON: " + e.getOriginalMessage());
            }
        }
        SpanRows.Result result;
        try {
            result = SpanRows.fromOtlpJson(otlp);
        } catch (IllegalArgumentException e) {
            throw new ShopWatchException(ProblemType.MALFORMED, "not an OTLP trace request: " + e.getMessage());
        }
        intake.accept(org, result.rows());
        return protobuf ? protobufAnswer(result) : jsonAnswer(result);
    }

    private static ResponseEntity<byte[]> protobufAnswer(SpanRows.Result result) {
        ExportTraceServiceResponse.Builder response = ExportTraceServiceResponse.newBuilder();
        if (result.rejected() > 0) {
            response.setPartialSuccess(ExportTracePartialSuccess.newBuilder()
                    .setRejectedSpans(result.rejected())
                    .setErrorMessage(result.error()));
        }
        return ResponseEntity.ok().contentType(PROTOBUF).body(response.build().toByteArray());
    }

    private static ResponseEntity<byte[]> jsonAnswer(SpanRows.Result result) {
        ObjectNode response = JSON.createObjectNode();
        if (result.rejected() > 0) {
            ObjectNode partial = response.putObject("partialSuccess");
            partial.put("rejectedSpans", Long.toString(result.rejected()));
            partial.put("errorMessage", result.error());
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(JSON.writeValueAsBytes(response));
    }

    private static boolean isProtobuf(HttpServletRequest request) {
        String contentType = request.getContentType();
        if (contentType == null) {
            throw new ShopWatchException(
                    ProblemType.UNSUPPORTED_MEDIA_TYPE, "send application/x-protobuf or application/json");
        }
        MediaType type;
        try {
            type = MediaType.parseMediaType(contentType);
        } catch (IllegalArgumentException e) {
            throw new ShopWatchException(ProblemType.UNSUPPORTED_MEDIA_TYPE, "unreadable Content-Type " + contentType);
        }
        if (PROTOBUF.includes(type)) {
            return true;
        }
        if (MediaType.APPLICATION_JSON.includes(type)) {
            return false;
        }
        throw new ShopWatchException(
                ProblemType.UNSUPPORTED_MEDIA_TYPE,
                "Content-Type " + contentType + " is not OTLP; send application/x-protobuf or application/json");
    }

    /**
     * Refusals as OTLP wants them: the status, and a {@code google.rpc.Status} ({@code code}, {@code message}) in the
     * request's encoding; 503 with {@code Retry-After}.
     */
    @ExceptionHandler(ShopWatchException.class)
    public ResponseEntity<byte[]> refused(ShopWatchException e, HttpServletRequest request) {
        boolean protobuf;
        try {
            protobuf = isProtobuf(request);
        } catch (ShopWatchException unknownType) {
            protobuf = false;
        }
        return OtlpHttp.refusal(e, !protobuf);
    }
}
