package io.shopwatch.common.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Problem documents written outside Spring MVC's exception handling: by servlet filters that refuse a request before
 * any controller, by the {@code /error} controller and by Tomcat's error report valve.
 */
public final class ProblemBodies {

    /** The media type of every problem document. */
    public static final String MEDIA_TYPE = "application/problem+json";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemBodies() {}

    /** The RFC 9457 document: type, title, status, detail and, when known, the request path as instance. */
    public static String json(ProblemType type, int status, String detail, String instance) {
        return json(type, status, detail, instance, Map.of());
    }

    /** The same document with extension members (such as the request id) after the standard ones. */
    public static String json(
            ProblemType type, int status, String detail, String instance, Map<String, Object> extensions) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type.uri().toString());
        body.put("title", type.title());
        body.put("status", status);
        body.put("detail", detail);
        if (instance != null && !instance.isEmpty()) {
            body.put("instance", instance);
        }
        body.putAll(extensions);
        return JSON.writeValueAsString(body);
    }

    /** Answers with the problem, unless the response is already committed. */
    public static void write(HttpServletResponse response, ProblemType type, String detail, String instance)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(type.status());
        response.setContentType(MEDIA_TYPE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        byte[] body = json(type, type.status(), detail, instance).getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }
}
