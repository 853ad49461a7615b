package io.shopwatch.common.tracing;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Keeps some requests out of the traces: an HTTP server request (servlet or reactive) on one of the paths, and the
 * Spring Security filter-chain observations such a request would then start as traces of their own (they have no
 * current observation to hang under). With it tracing-service does not trace the span exports it receives, which
 * would otherwise each make spans to export again.
 */
public final class UntracedRequests implements ObservationPredicate {

    private static final String REACTIVE_CONTEXT =
            "org.springframework.http.server.reactive.observation.ServerRequestObservationContext";

    private final List<PathPattern> paths;
    private final Supplier<ObservationRegistry> registry;

    /**
     * @param paths path patterns ({@code /api/*}{@code /v1/traces}, {@code /actuator/**})
     * @param registry the registry the observations are made in, to see whether one is current
     */
    public UntracedRequests(List<String> paths, Supplier<ObservationRegistry> registry) {
        PathPatternParser parser = new PathPatternParser();
        this.paths = paths.stream().map(parser::parse).toList();
        this.registry = registry;
    }

    @Override
    public boolean test(String name, Observation.Context context) {
        if (context instanceof org.springframework.http.server.observation.ServerRequestObservationContext servlet) {
            return !untraced(servlet.getCarrier().getRequestURI());
        }
        if (context.getClass().getName().equals(REACTIVE_CONTEXT)) {
            return !untraced(Reactive.path(context));
        }
        if (name.startsWith("spring.security.")) {
            ObservationRegistry observations = registry.get();
            return observations == null || observations.getCurrentObservation() != null;
        }
        return true;
    }

    /** Whether a request path is one of the untraced ones. */
    boolean untraced(String path) {
        if (path == null) {
            return false;
        }
        PathContainer container = PathContainer.parsePath(path);
        return paths.stream().anyMatch(pattern -> pattern.matches(container));
    }

    /** The reactive request's path; loaded only in a reactive service (the class needs Reactor). */
    private static final class Reactive {

        static String path(Object context) {
            return ((org.springframework.http.server.reactive.observation.ServerRequestObservationContext) context)
                    .getCarrier()
                    .getPath()
                    .pathWithinApplication()
                    .value();
        }
    }
}
