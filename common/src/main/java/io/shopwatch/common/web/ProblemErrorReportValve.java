package io.shopwatch.common.web;

import java.io.IOException;
import java.io.Writer;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's error report as a problem document. Tomcat answers some requests before any servlet or filter runs (an
 * encoded slash, an encoded NUL, a path that does not normalise, a request line with characters HTTP does not allow);
 * its default valve answers those with an HTML page. This one answers {@code application/problem+json} with the
 * {@link PathFirewall}'s reason when the path is what Tomcat refused. Installed in every service by {@link
 * CommonWebAutoConfiguration}.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    public ProblemErrorReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        String rawPath = rawPath(request);
        Optional<String> refused = status == 400 ? PathFirewall.check(rawPath) : Optional.empty();
        ProblemType type = refused.isPresent() ? ProblemType.PATH_REFUSED : ProblemType.forStatus(status);
        String detail = refused.orElseGet(() -> detail(status, type));
        try {
            response.setContentType(ProblemBodies.MEDIA_TYPE);
            response.setCharacterEncoding("UTF-8");
            response.setHeader("Cache-Control", "no-store");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(ProblemBodies.json(type, status, detail, rawPath));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client went away, or the response cannot take a body any more: nothing left to tell it.
        }
    }

    private static String detail(int status, ProblemType type) {
        if (status == 400) {
            return "the request is not valid HTTP: its request line, path or headers were refused";
        }
        if (status >= 500) {
            return "the request could not be completed";
        }
        return type.title();
    }

    /** The path as the client sent it (still encoded), or null when Tomcat could not read the request line. */
    private static String rawPath(Request request) {
        try {
            String uri = request.getCoyoteRequest().requestURI().toString();
            return uri == null || uri.isEmpty() ? null : uri;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
