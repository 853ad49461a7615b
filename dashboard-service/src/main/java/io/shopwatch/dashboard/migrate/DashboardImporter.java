package io.shopwatch.dashboard.migrate;

import io.shopwatch.dashboard.model.Dashboards;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Any dashboard JSON ShopWatch can import, as a v8 document: OpenObserve v1–v8 or Grafana. */
public final class DashboardImporter {

    /** The formats an import may name; {@code auto} tells them apart. */
    public enum Format {
        AUTO,
        OPENOBSERVE,
        GRAFANA;

        public static Format of(String name) {
            if (name == null || name.isBlank()) {
                return AUTO;
            }
            try {
                return valueOf(name.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("format must be auto, openobserve or grafana, was " + name);
            }
        }
    }

    /**
     * An imported dashboard.
     *
     * @param dashboard the v8 document
     * @param source where it came from: {@code openobserve-v3}, {@code openobserve-v8}, {@code grafana}
     * @param notes what could not be carried over (Grafana) or was changed on the way
     */
    public record Imported(ObjectNode dashboard, String source, List<ImportNote> notes) {}

    private DashboardImporter() {}

    /**
     * @throws IllegalArgumentException when the document is not a JSON object or has an unsupported version
     */
    public static Imported toV8(JsonNode document, Format format) {
        if (document == null || !document.isObject()) {
            throw new IllegalArgumentException("a dashboard is a JSON object");
        }
        if (format == Format.GRAFANA || (format == Format.AUTO && GrafanaImporter.isGrafana(document))) {
            GrafanaImporter.Result result = GrafanaImporter.convert(document);
            return new Imported(result.dashboard(), "grafana", result.notes());
        }
        int version = SchemaMigrator.looksLikeV1(document) ? 1 : Dashboards.version(document);
        if (version == Dashboards.CURRENT_VERSION) {
            return new Imported((ObjectNode) document, "openobserve-v8", List.of());
        }
        if (version < 1 || version > Dashboards.CURRENT_VERSION) {
            throw new IllegalArgumentException("unsupported dashboard version " + document.get("version")
                    + " (OpenObserve dashboards are v1 to v8)");
        }
        return new Imported(
                SchemaMigrator.toV8(document),
                "openobserve-v" + version,
                List.of(new ImportNote("version", "migrated from v" + version + " to v8")));
    }
}
