package io.shopwatch.alert.rule;

import io.shopwatch.alert.db.JsonCodec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;

/**
 * Rule packs installable per organisation, each a YAML resource under {@code rule-packs/} ({@code name},
 * {@code description} and a {@code rules:} list whose entries have the fields of a {@link RuleSpec}). The
 * e-commerce pack ({@code rule-packs/ecommerce.yml}) reads the streams the pipeline writes: {@code events}
 * (behaviour events: {@code type}, {@code properties_*}) and {@code logs} ({@code service}, {@code level},
 * {@code attributes_*}); after installing, each rule can be adjusted like any other.
 *
 * <p>A pack is read and validated as a whole when this class is first used, which {@link RulesConfiguration}
 * does at start: a malformed file, an unknown field or a rule {@link AlertRule#compile} rejects throws an
 * {@link InvalidRulePackException} naming the file, the rule and the field.
 */
public final class RulePack {

    /** A named set of rules. */
    public record Pack(String name, String description, List<RuleSpec> rules) {

        public Pack {
            rules = List.copyOf(rules);
        }
    }

    /** A pack file that cannot be read or holds an invalid rule. */
    public static final class InvalidRulePackException extends IllegalStateException {

        InvalidRulePackException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final Set<String> PACK_FIELDS = Set.of("name", "description", "rules");

    private static final ObjectMapper STRICT = JsonCodec.MAPPER
            .rebuild()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private RulePack() {}

    public static final Pack ECOMMERCE = load("rule-packs/ecommerce.yml");

    public static final List<Pack> ALL = List.of(ECOMMERCE);

    /** Reads and validates a pack from a class-path resource. */
    public static Pack load(String resource) {
        try (InputStream in = RulePack.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new InvalidRulePackException("rule pack " + resource + ": no such class-path resource", null);
            }
            return read(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new InvalidRulePackException("rule pack " + resource + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads and validates a pack from YAML text.
     *
     * @param file the name the messages give the text
     */
    public static Pack read(String file, String yaml) {
        Object tree;
        try {
            tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (RuntimeException e) {
            throw new InvalidRulePackException("rule pack " + file + ": malformed YAML: " + e.getMessage(), e);
        }
        if (!(tree instanceof Map<?, ?> top)) {
            throw invalid(file, null, null, "the file must be a mapping with name, description and rules");
        }
        for (Object key : top.keySet()) {
            if (!PACK_FIELDS.contains(String.valueOf(key))) {
                throw invalid(file, null, String.valueOf(key), "unknown field");
            }
        }
        String name = text(file, top, "name");
        String description = text(file, top, "description");
        if (!(top.get("rules") instanceof List<?> entries) || entries.isEmpty()) {
            throw invalid(file, null, "rules", "a pack needs a non-empty list of rules");
        }
        List<RuleSpec> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            Object entry = entries.get(i);
            String rule = entry instanceof Map<?, ?> m && m.get("name") != null
                    ? String.valueOf(m.get("name"))
                    : "#" + (i + 1);
            if (!(entry instanceof Map<?, ?>)) {
                throw invalid(file, rule, null, "a rule must be a mapping");
            }
            RuleSpec spec;
            try {
                spec = STRICT.convertValue(entry, RuleSpec.class);
            } catch (JacksonException e) {
                throw invalid(file, rule, path(e), e.getOriginalMessage());
            } catch (IllegalArgumentException e) {
                if (e.getCause() instanceof JacksonException j) {
                    throw invalid(file, rule, path(j), j.getOriginalMessage());
                }
                throw invalid(file, rule, null, e.getMessage());
            }
            try {
                AlertRule.compile("pack:" + name, "pack", spec);
            } catch (IllegalArgumentException e) {
                throw invalid(file, rule, null, e.getMessage());
            }
            if (!names.add(spec.name())) {
                throw invalid(file, rule, "name", "the pack already holds a rule of this name");
            }
            rules.add(spec);
        }
        return new Pack(name, description, rules);
    }

    private static String text(String file, Map<?, ?> top, String field) {
        Object value = top.get(field);
        if (value == null || value.toString().isBlank()) {
            throw invalid(file, null, field, "missing");
        }
        return value.toString();
    }

    /** The field a Jackson error points at, as {@code severities[0].treshold}. */
    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference r : e.getPath()) {
            if (r.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(r.getPropertyName());
            } else if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? null : path.toString();
    }

    private static InvalidRulePackException invalid(String file, String rule, String field, String problem) {
        Map<String, String> where = new LinkedHashMap<>();
        where.put("rule pack", file);
        if (rule != null) {
            where.put("rule", rule);
        }
        if (field != null) {
            where.put("field", field);
        }
        String prefix = where.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
        return new InvalidRulePackException(prefix + ": " + problem, null);
    }
}
