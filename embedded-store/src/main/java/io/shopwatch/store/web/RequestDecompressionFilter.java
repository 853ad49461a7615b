package io.shopwatch.store.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Decompresses request bodies sent with {@code Content-Encoding: gzip} or {@code deflate}, as OpenObserve's middleware
 * does, and refuses bodies larger than {@code ZO_PAYLOAD_LIMIT} (before and after decompression) with 413.
 */
public final class RequestDecompressionFilter extends OncePerRequestFilter {

    private final long payloadLimit;

    public RequestDecompressionFilter(long payloadLimit) {
        this.payloadLimit = payloadLimit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > payloadLimit) {
            tooLarge(response);
            return;
        }
        String encoding = request.getHeader("Content-Encoding");
        if (encoding == null || encoding.isBlank() || encoding.equalsIgnoreCase("identity")) {
            chain.doFilter(request, response);
            return;
        }
        String e = encoding.trim().toLowerCase(Locale.ROOT);
        if (!e.equals("gzip") && !e.equals("deflate")) {
            response.setStatus(415);
            response.setContentType("application/json");
            response.getWriter().write("{\"code\":415,\"message\":\"unsupported Content-Encoding: " + e + "\"}");
            return;
        }
        InputStream raw = request.getInputStream();
        InputStream decoded = e.equals("gzip") ? new GZIPInputStream(raw, 8192) : new InflaterInputStream(raw);
        try {
            chain.doFilter(new Decompressed(request, new Limited(decoded, payloadLimit)), response);
        } catch (PayloadTooLargeException tooLarge) {
            if (!response.isCommitted()) {
                response.reset();
                tooLarge(response);
            }
        }
    }

    private static void tooLarge(HttpServletResponse response) throws IOException {
        response.setStatus(413);
        response.setContentType("application/json");
        response.getWriter().write("{\"code\":413,\"message\":\"request body is larger than ZO_PAYLOAD_LIMIT\"}");
    }

    /** The decompressed body ran past the limit. */
    public static final class PayloadTooLargeException extends IOException {
        PayloadTooLargeException() {
            super("request body is larger than ZO_PAYLOAD_LIMIT");
        }
    }

    private static final class Decompressed extends HttpServletRequestWrapper {
        private final InputStream body;

        Decompressed(HttpServletRequest request, InputStream body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            return new ServletInputStream() {
                private boolean finished;

                @Override
                public int read() throws IOException {
                    int b = body.read();
                    finished = b < 0;
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = body.read(buffer, offset, length);
                    finished = n < 0;
                    return n;
                }

                @Override
                public boolean isFinished() {
                    return finished;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("blocking reads only");
                }
            };
        }

        @Override
        public String getHeader(String name) {
            return "Content-Encoding".equalsIgnoreCase(name) || "Content-Length".equalsIgnoreCase(name)
                    ? null
                    : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return "Content-Encoding".equalsIgnoreCase(name) || "Content-Length".equalsIgnoreCase(name)
                    ? Collections.emptyEnumeration()
                    : super.getHeaders(name);
        }

        @Override
        public int getContentLength() {
            return -1;
        }

        @Override
        public long getContentLengthLong() {
            return -1;
        }
    }

    /** Fails once more than {@code limit} bytes have been read. */
    private static final class Limited extends InputStream {
        private final InputStream in;
        private final long limit;
        private long read;

        Limited(InputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0 && ++read > limit) {
                throw new PayloadTooLargeException();
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                read += n;
                if (read > limit) {
                    throw new PayloadTooLargeException();
                }
            }
            return n;
        }
    }
}
