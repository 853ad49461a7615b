package io.shopwatch.alert.route;

import io.shopwatch.alert.core.LabelSet;
import io.shopwatch.alert.matcher.Matchers;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * A node of Alertmanager's routing tree. An alert descends into the first matching child, and into further siblings
 * after a match only when that child has {@code continue: true}; when no child matches, the node itself takes it.
 */
public final class Route {

    private final Route parent;
    private final Matchers matchers;
    private final RouteOptions options;
    private final boolean continueMatching;
    private final List<Route> routes = new ArrayList<>();
    private final String key;
    private final String id;

    private Route(Route parent, Matchers matchers, RouteOptions options, boolean continueMatching, int index) {
        this.parent = parent;
        this.matchers = matchers;
        this.options = options;
        this.continueMatching = continueMatching;
        this.key = (parent == null ? "" : parent.key + "/") + matchers;
        this.id = parent == null ? key : parent.id + "/" + matchers + "/" + index;
    }

    /** The root of a tree. */
    public static Route root(RouteOptions options) {
        return new Route(null, Matchers.NONE, options, false, 0);
    }

    /** Adds a child route and returns it. */
    public Route addChild(Matchers matchers, RouteOptions options, boolean continueMatching) {
        Route child = new Route(this, matchers, options, continueMatching, routes.size());
        routes.add(child);
        return child;
    }

    /** The routes that take an alert with these labels, in tree order. */
    public List<Route> match(LabelSet labels) {
        if (!matchers.matches(labels)) {
            return List.of();
        }
        List<Route> all = new ArrayList<>();
        for (Route child : routes) {
            List<Route> matches = child.match(labels);
            all.addAll(matches);
            if (!matches.isEmpty() && !child.continueMatching) {
                break;
            }
        }
        if (all.isEmpty()) {
            all.add(this);
        }
        return all;
    }

    /** The labels an alert is grouped by on this route. */
    public LabelSet groupLabels(LabelSet labels) {
        return options.groupByAll() ? labels : labels.restrict(options.groupBy());
    }

    /** Visits this route and all below it, depth first. */
    public void walk(Consumer<Route> visitor) {
        visitor.accept(this);
        routes.forEach(r -> r.walk(visitor));
    }

    /** Alertmanager's route key: the matchers of every route from the root, {@code {}/{team="a"}}. */
    public String key() {
        return key;
    }

    /** A key that also tells apart siblings with identical matchers. */
    public String id() {
        return id;
    }

    public Route parent() {
        return parent;
    }

    public Matchers matchers() {
        return matchers;
    }

    public RouteOptions options() {
        return options;
    }

    public boolean continueMatching() {
        return continueMatching;
    }

    public List<Route> routes() {
        return Collections.unmodifiableList(routes);
    }

    @Override
    public String toString() {
        return id;
    }
}
