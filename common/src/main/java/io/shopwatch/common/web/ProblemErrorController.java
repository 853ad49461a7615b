package io.shopwatch.common.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Spring MVC's error page ({@code /error}, where the servlet container forwards {@code sendError} and exceptions no
 * handler caught): a problem document for every status and every {@code Accept}, instead of Spring Boot's HTML or
 * JSON error page.
 */
@RestController
public class ProblemErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    @RequestMapping("${server.error.path:${error.path:/error}}")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        int status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code
                ? code
                : HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
        String path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri
                ? uri
                : request.getRequestURI();
        Object error = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (error instanceof Throwable failure && status >= 500) {
            log.warn("unhandled {} on {}: {}", failure.getClass().getSimpleName(), path, failure.getMessage());
        }
        ProblemType type = ProblemType.forStatus(status);
        String detail = status >= 500 ? "the request could not be completed" : detail(request, type);
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType(ProblemBodies.MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(ProblemBodies.json(type, status, detail, path));
    }

    /** The message given to {@code sendError} when there is one (never an exception's message), else the title. */
    private static String detail(HttpServletRequest request, ProblemType type) {
        Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        if (message instanceof String text
                && !text.isBlank()
                && request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) == null) {
            return text;
        }
        return type.title();
    }
}
