package io.shopwatch.metrics.definition;

import io.shopwatch.common.web.ShopWatchException;
import io.shopwatch.metrics.limits.LimitsProvider;
import io.shopwatch.metrics.limits.MetricLimits;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The CustomMetricsRegistry: an org's metric definitions (CRUD, versioned), the e-commerce pack installed in every
 * org the first time its definitions are read, and the limits ingestion applies per metric ({@link LimitsProvider}):
 * the service's defaults, with a definition's own series limit where it has one. Definitions are read from the
 * database at most once per {@code cacheTtl} per org; when the database cannot be read the last known ones (or the
 * defaults) apply, so ingestion never waits for it.
 */
public final class MetricRegistry implements LimitsProvider {

    private static final Logger log = LoggerFactory.getLogger(MetricRegistry.class);

    private record Snapshot(Map<String, MetricDefinition> byName, long loadedAt) {}

    private final DefinitionRepository repository;
    private final TransactionTemplate transactions;
    private final MetricLimits defaults;
    private final Duration cacheTtl;
    private final Clock clock;
    private final Map<String, Snapshot> cache = new ConcurrentHashMap<>();

    public MetricRegistry(
            DefinitionRepository repository,
            TransactionTemplate transactions,
            MetricLimits defaults,
            Duration cacheTtl,
            Clock clock) {
        this.repository = repository;
        this.transactions = transactions;
        this.defaults = defaults;
        this.cacheTtl = cacheTtl;
        this.clock = clock;
    }

    public List<MetricDefinition> list(String org) {
        installPack(org);
        return repository.list(org);
    }

    public MetricDefinition get(String org, String name) {
        installPack(org);
        return repository.find(org, name).orElseThrow(() -> ShopWatchException.notFound("metric definition", name));
    }

    public MetricDefinition create(String org, MetricDefinition definition, String user) {
        definition.validate();
        installPack(org);
        boolean created = Boolean.TRUE.equals(
                transactions.execute(tx -> repository.insert(org, definition, user, clock.instant())));
        if (!created) {
            throw ShopWatchException.conflict("metric definition " + definition.name() + " exists already");
        }
        cache.remove(org);
        return repository.find(org, definition.name()).orElseThrow();
    }

    public MetricDefinition update(String org, String name, MetricDefinition definition, String user) {
        if (definition.name() != null && !definition.name().equals(name)) {
            throw ShopWatchException.invalid("the name in the body differs from the path: " + definition.name());
        }
        MetricDefinition named = new MetricDefinition(
                name,
                definition.type(),
                definition.unit(),
                definition.help(),
                definition.labels(),
                definition.buckets(),
                definition.maxSeries(),
                definition.maxLabelValues(),
                null,
                null);
        named.validate();
        installPack(org);
        Optional<MetricDefinition> updated =
                transactions.execute(tx -> repository.update(org, named, user, clock.instant()));
        cache.remove(org);
        return updated.orElseThrow(() -> ShopWatchException.notFound("metric definition", name));
    }

    public void delete(String org, String name, String user) {
        installPack(org);
        boolean deleted =
                Boolean.TRUE.equals(transactions.execute(tx -> repository.delete(org, name, user, clock.instant())));
        cache.remove(org);
        if (!deleted) {
            throw ShopWatchException.notFound("metric definition", name);
        }
    }

    public List<DefinitionRepository.Version> versions(String org, String name) {
        List<DefinitionRepository.Version> versions = repository.versions(org, name);
        if (versions.isEmpty()) {
            throw ShopWatchException.notFound("metric definition", name);
        }
        return versions;
    }

    /** Installs the e-commerce pack once per org; definitions the org deleted later are not installed again. */
    void installPack(String org) {
        transactions.executeWithoutResult(tx -> {
            if (repository.markPackInstalled(org, EcommercePack.NAME, clock.instant())) {
                for (MetricDefinition definition : EcommercePack.definitions()) {
                    repository.insert(org, definition, "pack:" + EcommercePack.NAME, clock.instant());
                }
            }
        });
    }

    @Override
    public MetricLimits limits(String org, String metric) {
        MetricDefinition definition = definitions(org).get(metric);
        if (definition == null) {
            return defaults;
        }
        return new MetricLimits(
                definition.maxSeries() == null ? defaults.maxSeriesPerMetric() : definition.maxSeries(),
                defaults.maxSeriesPerOrg(),
                defaults.maxLabelNamesPerSeries(),
                defaults.maxLabelNameLength(),
                defaults.maxLabelValueLength(),
                new java.util.HashSet<>(definition.labels()),
                definition.maxLabelValues() == null ? 0 : definition.maxLabelValues());
    }

    private Map<String, MetricDefinition> definitions(String org) {
        long now = clock.millis();
        Snapshot snapshot = cache.get(org);
        if (snapshot != null && now - snapshot.loadedAt() < cacheTtl.toMillis()) {
            return snapshot.byName();
        }
        try {
            installPack(org);
            Map<String, MetricDefinition> byName = new HashMap<>();
            repository.list(org).forEach(d -> byName.put(d.name(), d));
            cache.put(org, new Snapshot(byName, now));
            return byName;
        } catch (RuntimeException e) {
            log.warn("metric definitions of org {} not readable, using the last known limits: {}", org, e.toString());
            Map<String, MetricDefinition> last = snapshot == null ? Map.of() : snapshot.byName();
            cache.put(org, new Snapshot(last, now));
            return last;
        }
    }
}
