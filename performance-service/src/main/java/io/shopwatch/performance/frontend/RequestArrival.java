package io.shopwatch.performance.frontend;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Notes when a request arrived ({@link System#nanoTime()}), first of all filters, so that the read path can tell a
 * request that arrived while an identical store query was in flight (it shares that query's answer, {@link
 * SingleFlight}) from one that arrived after it landed, however long the request then waited for a CPU in security,
 * observation and body reading.
 */
public final class RequestArrival extends OncePerRequestFilter {

    static final String ATTRIBUTE = RequestArrival.class.getName() + ".nanos";

    /** When the request arrived, or now when this filter did not see it. */
    static long of(HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof Long nanos ? nanos : System.nanoTime();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        request.setAttribute(ATTRIBUTE, System.nanoTime());
        chain.doFilter(request, response);
    }
}
