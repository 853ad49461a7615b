package io.shopwatch.alert.api;

import io.shopwatch.alert.alertmanager.AlertIngestion;
import io.shopwatch.alert.core.LabelSet;
import io.shopwatch.alert.db.JsonCodec;
import io.shopwatch.alert.rule.AlertRule;
import io.shopwatch.alert.rule.AlertRuleEngine;
import io.shopwatch.alert.rule.RuleEvaluation;
import io.shopwatch.alert.rule.RuleInstance;
import io.shopwatch.alert.rule.RulePack;
import io.shopwatch.alert.rule.RuleRepository;
import io.shopwatch.alert.rule.RuleService;
import io.shopwatch.alert.rule.RuleSpec;
import io.shopwatch.common.security.servlet.OrgResolver;
import io.shopwatch.common.web.ShopWatchException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Alert rules of the caller's organisation: CRUD, enable/disable, test-run against current data, state, history. */
@RestController
@RequestMapping("/api/v1/alerts/rules")
@Tag(name = "Alert rules")
public class RuleController {

    /** A rule as the API shows it. */
    public record RuleView(
            String id,
            String name,
            String source,
            long version,
            Instant updatedAt,
            RuleSpec spec,
            Map<String, Long> instances,
            String lastError) {}

    /** An instance as the API shows it. */
    public record InstanceView(
            Map<String, String> labels,
            String state,
            String severity,
            double value,
            Instant activeAt,
            Instant firedAt,
            Instant resolvedAt) {}

    /** What a test run found. */
    public record TestRun(List<InstanceView> instances, List<AlertIngestion.Posted> alerts) {}

    private static final String YAML = "application/yaml";

    private final RuleService service;
    private final RuleRepository repository;
    private final AlertRuleEngine engine;
    private final OrgResolver orgs;

    public RuleController(RuleService service, RuleRepository repository, AlertRuleEngine engine, OrgResolver orgs) {
        this.service = service;
        this.repository = repository;
        this.engine = engine;
        this.orgs = orgs;
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The organisation's rules")
    public List<RuleView> list(HttpServletRequest request) {
        String org = orgs.org(request);
        return repository.list(org).stream().map(this::view).toList();
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Create a rule")
    public ResponseEntity<RuleView> create(@RequestBody RuleSpec spec, HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.CREATED).body(view(service.create(orgs.org(request), spec, "api")));
    }

    @PostMapping(
            consumes = {YAML, "application/x-yaml", "text/yaml"},
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Create a rule written in YAML")
    public ResponseEntity<RuleView> createYaml(@RequestBody String yaml, HttpServletRequest request) {
        return create(fromYaml(yaml), request);
    }

    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "One rule")
    public RuleView get(@PathVariable String id, HttpServletRequest request) {
        return view(service.get(orgs.org(request), id));
    }

    @PutMapping(
            path = "/{id}",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Replace a rule")
    public RuleView update(@PathVariable String id, @RequestBody RuleSpec spec, HttpServletRequest request) {
        return view(service.update(orgs.org(request), id, spec));
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a rule; what it had firing is resolved")
    public ResponseEntity<Void> delete(@PathVariable String id, HttpServletRequest request) {
        service.delete(orgs.org(request), id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping(path = "/{id}/enable", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Enable a rule")
    public RuleView enable(@PathVariable String id, HttpServletRequest request) {
        return view(service.setEnabled(orgs.org(request), id, true));
    }

    @PostMapping(path = "/{id}/disable", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Disable a rule; what it had firing is resolved")
    public RuleView disable(@PathVariable String id, HttpServletRequest request) {
        return view(service.setEnabled(orgs.org(request), id, false));
    }

    @PostMapping(path = "/{id}/test", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Evaluate a stored rule against current data, changing nothing")
    public TestRun test(@PathVariable String id, HttpServletRequest request) {
        RuleRepository.StoredRule r = service.get(orgs.org(request), id);
        return testRun(engine.compile(r.id(), r.org(), r.spec()));
    }

    @PostMapping(
            path = "/test",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Evaluate an unsaved rule against current data")
    public TestRun testUnsaved(@RequestBody RuleSpec spec, HttpServletRequest request) {
        String org = orgs.org(request);
        RuleService.validate(org, spec);
        return testRun(engine.compile("test", org, spec));
    }

    @GetMapping(path = "/{id}/instances", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The rule's pending, firing and recently resolved instances")
    public List<InstanceView> instances(@PathVariable String id, HttpServletRequest request) {
        String org = orgs.org(request);
        service.get(org, id);
        var held = engine.instances(org, id);
        var list = held.isEmpty() ? repository.instances(org, id).values() : held;
        return list.stream().map(RuleController::view).toList();
    }

    @GetMapping(path = "/{id}/history", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The rule's changes of state, newest first")
    public List<RuleRepository.HistoryEntry> history(
            @PathVariable String id, @RequestParam(defaultValue = "100") int limit, HttpServletRequest request) {
        String org = orgs.org(request);
        service.get(org, id);
        if (limit < 1 || limit > 1000) {
            throw ShopWatchException.invalid("limit must be between 1 and 1000");
        }
        return repository.history(org, id, limit);
    }

    @GetMapping(path = "/packs", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The installable rule packs")
    public List<RulePack.Pack> packs() {
        return RulePack.ALL;
    }

    @PostMapping(path = "/packs/{name}/install", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Install a rule pack; existing rules of the same name are kept unless replace=true")
    public Map<String, List<String>> install(
            @PathVariable String name,
            @RequestParam(defaultValue = "false") boolean replace,
            HttpServletRequest request) {
        RulePack.Pack pack = RulePack.ALL.stream()
                .filter(p -> p.name().equals(name))
                .findFirst()
                .orElseThrow(() -> ShopWatchException.notFound("rule pack", name));
        return Map.of("installed", service.install(orgs.org(request), pack, replace));
    }

    private TestRun testRun(AlertRule rule) {
        Map<LabelSet, RuleInstance> current = new LinkedHashMap<>();
        engine.instances(rule.org(), rule.id()).forEach(i -> current.put(i.labels(), i));
        RuleEvaluation.Result result;
        try {
            result = engine.testRun(rule, current);
        } catch (RuntimeException e) {
            throw ShopWatchException.invalid("the rule's query failed: " + e.getMessage());
        }
        return new TestRun(
                result.instances().values().stream().map(RuleController::view).toList(), result.alerts());
    }

    private RuleView view(RuleRepository.StoredRule r) {
        Map<String, Long> counts = engine.instances(r.org(), r.id()).stream()
                .collect(Collectors.groupingBy(
                        i -> i.state().name().toLowerCase(java.util.Locale.ROOT), Collectors.counting()));
        return new RuleView(
                r.id(),
                r.spec().name(),
                r.source(),
                r.version(),
                r.updatedAt(),
                r.spec(),
                counts,
                engine.lastError(r.org(), r.id()));
    }

    private static InstanceView view(RuleInstance i) {
        return new InstanceView(
                i.labels().asMap(),
                i.state().name().toLowerCase(java.util.Locale.ROOT),
                i.severity(),
                i.value(),
                i.activeAt(),
                i.firedAt(),
                i.resolvedAt());
    }

    private static RuleSpec fromYaml(String yaml) {
        try {
            Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
            return JsonCodec.MAPPER.convertValue(tree, RuleSpec.class);
        } catch (RuntimeException e) {
            throw ShopWatchException.invalid("not a rule in YAML: " + e.getMessage());
        }
    }
}
