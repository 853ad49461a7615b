package io.shopwatch.gateway.openapi;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.cloud.gateway.filter.FilterDefinition;
import org.springframework.cloud.gateway.handler.predicate.PredicateDefinition;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * What one gateway route exposes, read from its definition: the public path patterns ({@code Path} predicate), the
 * methods ({@code Method} predicate; empty: all), and how its filters change the path on the way to the service
 * ({@code SetPath}, {@code StripPrefix}, {@code PrefixPath}, {@code RewritePath}). It answers the two questions the
 * API document needs: does a request reach this route, and under which public path does a service's path appear.
 *
 * @param id the route id
 * @param uri the service the route forwards to
 * @param order the route's order (lower first; equal orders keep the definition order)
 * @param patterns the public path patterns as written
 * @param methods upper-case methods the route accepts; empty for any
 * @param rewrites the path-changing filters, in order
 */
public record GatewayRoute(
        String id, URI uri, int order, List<String> patterns, Set<String> methods, List<PathRewrite> rewrites) {

    private static final PathPatternParser PARSER = new PathPatternParser();

    public GatewayRoute {
        patterns = List.copyOf(patterns);
        methods = Set.copyOf(methods);
        rewrites = List.copyOf(rewrites);
    }

    /** The routes of these definitions, in the order the gateway tries them. */
    public static List<GatewayRoute> of(List<RouteDefinition> definitions) {
        List<GatewayRoute> routes = new ArrayList<>();
        for (RouteDefinition definition : definitions) {
            routes.add(of(definition));
        }
        routes.sort(Comparator.comparingInt(GatewayRoute::order));
        return List.copyOf(routes);
    }

    static GatewayRoute of(RouteDefinition definition) {
        List<String> patterns = new ArrayList<>();
        Set<String> methods = new LinkedHashSet<>();
        for (PredicateDefinition predicate : definition.getPredicates()) {
            if (predicate.getName().equals("Path")) {
                predicate.getArgs().values().stream()
                        .filter(value -> value.startsWith("/"))
                        .forEach(patterns::add);
            } else if (predicate.getName().equals("Method")) {
                predicate.getArgs().values().stream()
                        .map(value -> value.trim().toUpperCase(Locale.ROOT))
                        .forEach(methods::add);
            }
        }
        List<PathRewrite> rewrites = new ArrayList<>();
        for (FilterDefinition filter : definition.getFilters()) {
            PathRewrite.of(filter.getName(), filter.getArgs()).ifPresent(rewrites::add);
        }
        return new GatewayRoute(
                definition.getId(), definition.getUri(), definition.getOrder(), patterns, methods, rewrites);
    }

    /** Whether a request with this method and path reaches this route (its Path and Method predicates). */
    public boolean matches(String method, String path) {
        return (methods.isEmpty() || methods.contains(method.toUpperCase(Locale.ROOT))) && matchesPath(path);
    }

    /** Whether a path matches one of the route's patterns; a document's {@code {variable}} counts as a segment. */
    public boolean matchesPath(String path) {
        PathContainer container = PathContainer.parsePath(path);
        return patterns.stream().map(PARSER::parse).anyMatch(pattern -> pattern.matches(container));
    }

    /** Patterns without variables or wildcards: exactly one public path each. */
    public List<String> literalPatterns() {
        return patterns.stream()
                .filter(pattern -> !PARSER.parse(pattern).hasPatternSyntax())
                .toList();
    }

    /** Whether the route rewrites the path at all. */
    public boolean rewritesPath() {
        return !rewrites.isEmpty();
    }

    /** The path the service receives for a public path of this route. */
    public String servicePath(String publicPath) {
        String path = publicPath;
        for (PathRewrite rewrite : rewrites) {
            path = rewrite.forward(path);
        }
        return path;
    }

    /**
     * The public path under which a path of the service's document is reached through this route, if any: a candidate
     * the route's patterns match and its filters turn into exactly {@code servicePath}.
     */
    public Optional<String> publicPath(String servicePath) {
        List<String> candidates = new ArrayList<>();
        candidates.add(servicePath);
        candidates.addAll(literalPatterns());
        for (String pattern : patterns) {
            String prefix = literalPrefix(pattern);
            if (!prefix.isEmpty()) {
                candidates.add(prefix + servicePath);
            }
        }
        for (PathRewrite rewrite : rewrites) {
            rewrite.inverse(servicePath).ifPresent(candidates::add);
            if (rewrite instanceof RewritePath regex) {
                // /shop/(?<rest>.*) -> /api/${rest}: /api/items came from <a pattern's literal prefix>/items
                String replaced = literalPrefix(regex.replacement().substring(0, indexOrEnd(regex.replacement(), '$')));
                if (servicePath.startsWith(replaced + "/")) {
                    for (String pattern : patterns) {
                        candidates.add(literalPrefix(pattern) + servicePath.substring(replaced.length()));
                    }
                }
            }
        }
        return candidates.stream()
                .filter(this::matchesPath)
                .filter(candidate -> servicePath(candidate).equals(servicePath))
                .findFirst();
    }

    private static int indexOrEnd(String text, char c) {
        int index = text.indexOf(c);
        return index < 0 ? text.length() : index;
    }

    /** The literal segments of a pattern before its first variable or wildcard, without the trailing slash. */
    static String literalPrefix(String pattern) {
        StringBuilder prefix = new StringBuilder();
        for (String segment : pattern.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            if (segment.contains("{") || segment.contains("*") || segment.contains("?")) {
                break;
            }
            prefix.append('/').append(segment);
        }
        return prefix.toString();
    }

    /** A filter that changes the request path. */
    public sealed interface PathRewrite {

        /** The path after the filter. */
        String forward(String path);

        /** A path that the filter may have turned into {@code servicePath}, when it can be told. */
        Optional<String> inverse(String servicePath);

        /** The path-changing filter of this definition, if it is one. */
        static Optional<PathRewrite> of(String name, Map<String, String> args) {
            List<String> values = List.copyOf(args.values());
            return switch (name) {
                case "SetPath" -> Optional.of(new SetPath(args.getOrDefault("template", values.get(0))));
                case "StripPrefix" ->
                    Optional.of(new StripPrefix(
                            Integer.parseInt(args.getOrDefault("parts", values.isEmpty() ? "1" : values.get(0)))));
                case "PrefixPath" -> Optional.of(new PrefixPath(args.getOrDefault("prefix", values.get(0))));
                case "RewritePath" ->
                    Optional.of(new RewritePath(
                            args.getOrDefault("regexp", values.get(0)),
                            args.getOrDefault("replacement", values.get(1)).replace("$\\", "$")));
                default -> Optional.empty();
            };
        }
    }

    /** {@code SetPath}: every matching request goes to one path (templates with variables are not inverted). */
    public record SetPath(String template) implements PathRewrite {
        @Override
        public String forward(String path) {
            return template;
        }

        @Override
        public Optional<String> inverse(String servicePath) {
            return Optional.empty();
        }
    }

    /** {@code StripPrefix}: the first {@code parts} segments are dropped. */
    public record StripPrefix(int parts) implements PathRewrite {
        @Override
        public String forward(String path) {
            String[] segments = path.split("/", -1);
            int skip = Math.min(parts + 1, segments.length);
            String rest = String.join("/", java.util.Arrays.copyOfRange(segments, skip, segments.length));
            return "/" + rest;
        }

        @Override
        public Optional<String> inverse(String servicePath) {
            return Optional.empty();
        }
    }

    /** {@code PrefixPath}: a prefix is added. */
    public record PrefixPath(String prefix) implements PathRewrite {
        @Override
        public String forward(String path) {
            return prefix + path;
        }

        @Override
        public Optional<String> inverse(String servicePath) {
            return servicePath.startsWith(prefix + "/")
                    ? Optional.of(servicePath.substring(prefix.length()))
                    : Optional.empty();
        }
    }

    /** {@code RewritePath}: a regular expression replacement (inverted by trying candidates). */
    public record RewritePath(String regexp, String replacement) implements PathRewrite {
        @Override
        public String forward(String path) {
            return Pattern.compile(regexp).matcher(path).replaceAll(replacement);
        }

        @Override
        public Optional<String> inverse(String servicePath) {
            return Optional.empty();
        }
    }
}
