package io.shopwatch.performance.frontend;

import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.ShopWatchException;
import io.shopwatch.performance.cache.QueryPlan;
import io.shopwatch.performance.cache.QueryPlanner;
import io.shopwatch.performance.store.StoreAnswer;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * OpenObserve's read API, served as OpenObserve serves it: the request is the caller's, the answer (status, content
 * type, body) is the store's, byte for byte. The caller authenticates as it would to OpenObserve (HTTP Basic); the
 * store checks the credentials (see {@link QueryFrontend} for who shares the cache). Not in the OpenAPI document: it
 * is OpenObserve's API, documented there.
 */
@Hidden
@RestController
public class OpenObserveReadController {

    /** Largest request body read (after decompression). */
    static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    private final QueryFrontend frontend;

    public OpenObserveReadController(QueryFrontend frontend) {
        this.frontend = frontend;
    }

    @PostMapping("/api/{org}/_search")
    public void search(@PathVariable String org, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        byte[] body = body(request);
        QueryPlan plan = QueryPlanner.search(org, request.getQueryString(), body);
        answer(response, frontend.read(read("POST", org, request, body, plan)));
    }

    @GetMapping("/api/{org}/{stream}/_values")
    public void values(
            @PathVariable String org,
            @PathVariable String stream,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        QueryPlan plan = QueryPlanner.values(org, stream, request.getQueryString());
        answer(response, frontend.read(read("GET", org, request, null, plan)));
    }

    @GetMapping({"/api/{org}/streams", "/api/{org}/streams/{stream}/schema"})
    public void streams(@PathVariable String org, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        answer(response, frontend.read(read("GET", org, request, null, null)));
    }

    /** Deleting a stream drops every cached answer that read it. */
    @DeleteMapping("/api/{org}/streams/{stream}")
    public void deleteStream(
            @PathVariable String org,
            @PathVariable String stream,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        StoreAnswer answer = frontend.read(read("DELETE", org, request, null, null));
        if (answer.status() / 100 == 2) {
            frontend.streamDeleted(org, stream);
        }
        answer(response, answer);
    }

    private static QueryFrontend.Read read(
            String method, String org, HttpServletRequest request, byte[] body, QueryPlan plan) {
        String query = request.getQueryString();
        String pathAndQuery = request.getRequestURI() + (query == null ? "" : "?" + query);
        return new QueryFrontend.Read(
                method,
                org,
                pathAndQuery,
                request.getHeader(HttpHeaders.AUTHORIZATION),
                request.getContentType(),
                body,
                plan,
                bypass(request),
                RequestArrival.of(request));
    }

    private static boolean bypass(HttpServletRequest request) {
        if (QueryPlanner.bypassRequested(request.getQueryString())) {
            return true;
        }
        var cacheControl = request.getHeaders(HttpHeaders.CACHE_CONTROL);
        while (cacheControl != null && cacheControl.hasMoreElements()) {
            String value = cacheControl.nextElement().toLowerCase(Locale.ROOT);
            if (value.contains("no-cache") || value.contains("no-store")) {
                return true;
            }
        }
        return false;
    }

    /** The body, un-gzipped when it came compressed (ShopWatch's client compresses bodies from 1 KiB on). */
    private static byte[] body(HttpServletRequest request) throws IOException {
        String encoding = request.getHeader(HttpHeaders.CONTENT_ENCODING);
        InputStream in = request.getInputStream();
        if (encoding != null && !encoding.isBlank() && !encoding.equalsIgnoreCase("identity")) {
            if (!encoding.trim().equalsIgnoreCase("gzip")) {
                throw new ShopWatchException(
                        ProblemType.UNSUPPORTED_MEDIA_TYPE, "unsupported Content-Encoding: " + encoding);
            }
            in = new GZIPInputStream(in);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int read;
        while ((read = in.read(buffer)) >= 0) {
            out.write(buffer, 0, read);
            if (out.size() > MAX_BODY_BYTES) {
                throw new ShopWatchException(
                        ProblemType.PAYLOAD_TOO_LARGE, "request body larger than " + MAX_BODY_BYTES + " bytes");
            }
        }
        return out.toByteArray();
    }

    private static void answer(HttpServletResponse response, StoreAnswer answer) throws IOException {
        response.setStatus(answer.status());
        if (answer.contentType() != null) {
            response.setContentType(answer.contentType());
        }
        response.setContentLength(answer.body().length);
        response.getOutputStream().write(answer.body());
    }
}
