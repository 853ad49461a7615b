package io.shopwatch.alert.rule;

import io.shopwatch.alert.db.JsonCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Rules as code: a YAML file ({@code org: default} and a {@code rules:} list, each rule may name its own
 * {@code org}) loaded at start-up; each rule is created or replaced by name.
 */
public final class RuleFileLoader {

    private static final Logger log = LoggerFactory.getLogger(RuleFileLoader.class);

    private RuleFileLoader() {}

    /** Reads rules from YAML text; pairs of organisation and rule. */
    @SuppressWarnings("unchecked")
    public static List<Map.Entry<String, RuleSpec>> read(String yaml) {
        Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        if (!(tree instanceof Map<?, ?> top) || !(top.get("rules") instanceof List<?> rules)) {
            throw new IllegalArgumentException("a rule file needs a top-level 'rules' list");
        }
        String defaultOrg = top.get("org") == null ? "default" : top.get("org").toString();
        return rules.stream()
                .map(r -> {
                    Map<String, Object> m = new java.util.LinkedHashMap<>((Map<String, Object>) r);
                    Object org = m.remove("org");
                    RuleSpec spec = JsonCodec.MAPPER.convertValue(m, RuleSpec.class);
                    return Map.entry(org == null ? defaultOrg : org.toString(), spec);
                })
                .toList();
    }

    /** Loads a file through the service; returns how many rules it held. */
    public static int load(Path file, RuleService service) throws IOException {
        List<Map.Entry<String, RuleSpec>> rules = read(Files.readString(file));
        for (Map.Entry<String, RuleSpec> e : rules) {
            service.upsertByName(e.getKey(), e.getValue(), "file");
        }
        log.info("loaded {} rule(s) from {}", rules.size(), file);
        return rules.size();
    }
}
