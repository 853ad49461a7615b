package io.shopwatch.tracing.zipkin;

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
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Zipkin's v2 span API, {@code POST /api/v2/spans} with a JSON array (gzip allowed), for Brave and Zipkin reporters:
 * the spans take the OTLP path ({@link ZipkinSpans}) to the same Kafka topic and stream. The answer is Zipkin's
 * {@code 202 Accepted}; spans with ids of the wrong length are dropped (and counted in the answer's header
 * {@code X-Rejected-Spans}); a body of only such spans, or one that is not a JSON array, is 400.
 */
@RestController
public class ZipkinController {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final SpanIntake intake;
    private final OrgResolver orgs;
    private final long maxBodyBytes;

    public ZipkinController(SpanIntake intake, OrgResolver orgs, TracingProperties properties) {
        this.intake = intake;
        this.orgs = orgs;
        this.maxBodyBytes = properties.maxBodySize().toBytes();
    }

    @PostMapping("/api/v2/spans")
    public ResponseEntity<Void> spans(HttpServletRequest request) {
        String contentType = request.getContentType();
        if (contentType != null && !MediaType.APPLICATION_JSON.includes(MediaType.parseMediaType(contentType))) {
            throw new ShopWatchException(
                    ProblemType.UNSUPPORTED_MEDIA_TYPE, "only Zipkin's JSON v2 encoding is taken, not " + contentType);
        }
        byte[] body = OtlpHttp.readBody(request, maxBodyBytes, "TRACES_MAX_BODY_SIZE");
        SpanRows.Result result;
        try {
            result = SpanRows.fromOtlpJson(ZipkinSpans.toOtlp(JSON.readTree(body)));
        } catch (JacksonException e) {
            throw new ShopWatchException(ProblemType.MALFORMED, "not JSON: " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw new ShopWatchException(ProblemType.MALFORMED, e.getMessage());
        }
        if (result.rows().isEmpty() && result.rejected() > 0) {
            throw new ShopWatchException(ProblemType.MALFORMED, "no span could be read: " + result.error());
        }
        intake.accept(orgs.org(request), result.rows());
        return ResponseEntity.accepted()
                .header("X-Rejected-Spans", Integer.toString(result.rejected()))
                .build();
    }
}
