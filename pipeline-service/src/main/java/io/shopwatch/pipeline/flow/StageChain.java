package io.shopwatch.pipeline.flow;

import io.shopwatch.pipeline.stage.Stage;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The stages that run for each stream: a default chain, and per-stream chains from configuration, each sorted by
 * phase (transform, enrich, quality) and otherwise kept in the configured order.
 */
public final class StageChain {

    private final Map<String, Stage> byName;
    private final List<Stage> defaults;
    private final Map<String, List<Stage>> byStream;

    public StageChain(List<Stage> available, List<String> defaultNames, Map<String, List<String>> streamNames) {
        this.byName = available.stream()
                .collect(Collectors.toMap(
                        Stage::name,
                        Function.identity(),
                        (a, b) -> {
                            throw new IllegalStateException("two stages are named " + a.name());
                        },
                        LinkedHashMap::new));
        this.defaults = resolve(defaultNames);
        Map<String, List<Stage>> streams = new LinkedHashMap<>();
        streamNames.forEach((stream, names) -> streams.put(stream, resolve(names)));
        this.byStream = Map.copyOf(streams);
    }

    private List<Stage> resolve(List<String> names) {
        return names.stream()
                .map(name -> {
                    Stage stage = byName.get(name);
                    if (stage == null) {
                        throw new IllegalArgumentException(
                                "unknown pipeline stage '" + name + "'; known: " + byName.keySet());
                    }
                    return stage;
                })
                .sorted(Comparator.comparing(Stage::phase))
                .toList();
    }

    public List<Stage> forStream(String stream) {
        return byStream.getOrDefault(stream, defaults);
    }

    public List<String> names(String stream) {
        return forStream(stream).stream().map(Stage::name).toList();
    }

    public Map<String, List<String>> describe() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        out.put("*", defaults.stream().map(Stage::name).toList());
        byStream.forEach((stream, stages) ->
                out.put(stream, stages.stream().map(Stage::name).toList()));
        return out;
    }
}
