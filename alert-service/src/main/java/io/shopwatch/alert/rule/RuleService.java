package io.shopwatch.alert.rule;

import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.ShopWatchException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Creating, changing and removing rules: validation, storage, then the engine picks the change up. */
public final class RuleService {

    private final RuleRepository repository;
    private final AlertRuleEngine engine;

    public RuleService(RuleRepository repository, AlertRuleEngine engine) {
        this.repository = repository;
        this.engine = engine;
    }

    public RuleRepository.StoredRule create(String org, RuleSpec spec, String source) {
        validate(org, spec);
        if (repository.findByName(org, spec.name()).isPresent()) {
            throw ShopWatchException.conflict("a rule named " + spec.name() + " exists already");
        }
        RuleRepository.StoredRule stored =
                repository.save(org, UUID.randomUUID().toString(), spec, source);
        engine.reconcile();
        return stored;
    }

    public RuleRepository.StoredRule update(String org, String id, RuleSpec spec) {
        RuleRepository.StoredRule existing = get(org, id);
        validate(org, spec);
        Optional<RuleRepository.StoredRule> sameName = repository.findByName(org, spec.name());
        if (sameName.isPresent() && !sameName.get().id().equals(id)) {
            throw ShopWatchException.conflict("a rule named " + spec.name() + " exists already");
        }
        RuleRepository.StoredRule stored = repository.save(org, id, spec, existing.source());
        engine.reconcile();
        return stored;
    }

    /** Creates or replaces a rule by name (configuration as code). */
    public RuleRepository.StoredRule upsertByName(String org, RuleSpec spec, String source) {
        validate(org, spec);
        String id = repository
                .findByName(org, spec.name())
                .map(RuleRepository.StoredRule::id)
                .orElse(UUID.randomUUID().toString());
        RuleRepository.StoredRule stored = repository.save(org, id, spec, source);
        engine.reconcile();
        return stored;
    }

    public RuleRepository.StoredRule setEnabled(String org, String id, boolean enabled) {
        RuleRepository.StoredRule r = get(org, id);
        RuleSpec changed = r.spec().withEnabled(enabled);
        RuleRepository.StoredRule stored = repository.save(org, id, changed, r.source());
        engine.reconcile();
        return stored;
    }

    public void delete(String org, String id) {
        if (!repository.delete(org, id)) {
            throw ShopWatchException.notFound("rule", id);
        }
        engine.reconcile();
    }

    public RuleRepository.StoredRule get(String org, String id) {
        return repository.find(org, id).orElseThrow(() -> ShopWatchException.notFound("rule", id));
    }

    /** Installs a pack; rules whose name exists are left alone unless {@code replace}. Returns the installed names. */
    public List<String> install(String org, RulePack.Pack pack, boolean replace) {
        List<String> installed = new ArrayList<>();
        for (RuleSpec spec : pack.rules()) {
            if (!replace && repository.findByName(org, spec.name()).isPresent()) {
                continue;
            }
            upsertByName(org, spec, "pack:" + pack.name());
            installed.add(spec.name());
        }
        return installed;
    }

    public static AlertRule validate(String org, RuleSpec spec) {
        try {
            return AlertRule.compile("validation", org, spec);
        } catch (IllegalArgumentException e) {
            throw new ShopWatchException(ProblemType.VALIDATION, e.getMessage());
        }
    }
}
