package io.shopwatch.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.shopwatch.common.config.ConfigRefreshedEvent;
import io.shopwatch.pipeline.flow.LiveStageChain;
import io.shopwatch.pipeline.flow.StageChain;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * Puts new stage settings in force when config-service publishes a change of {@code shopwatch.pipeline.*}: binds the
 * whole {@link PipelineProperties} again from the environment (a new immutable value; the bean the service started
 * with is left alone), checks its constraints, compiles the complete chain ({@link StageRulesCompiler}) and only then
 * swaps it into the {@link LiveStageChain}. Anything that does not bind, validate or compile is refused with a WARN
 * and counted ({@code shopwatch.pipeline.stage.rules.reloads{outcome=refused}}); the running chain stays.
 *
 * <p>Dynamic: the default chain ({@code stages}), {@code streams.*} (chain, required fields, schema), {@code
 * service-metadata}, {@code amount-bands}. Every other key of the pipeline still needs a restart.
 */
public final class StageRulesReloader implements ApplicationListener<ConfigRefreshedEvent> {

    private static final Logger log = LoggerFactory.getLogger(StageRulesReloader.class);

    static final String PREFIX = "shopwatch.pipeline";

    private final Environment environment;
    private final StageRulesCompiler compiler;
    private final LiveStageChain live;
    private final Validator validator;
    private final MeterRegistry meters;

    /** @param validator checks the bound value's constraints; null when the service has none */
    public StageRulesReloader(
            Environment environment,
            StageRulesCompiler compiler,
            LiveStageChain live,
            Validator validator,
            MeterRegistry meters) {
        this.environment = environment;
        this.compiler = compiler;
        this.live = live;
        this.validator = validator;
        this.meters = meters;
    }

    @Override
    public void onApplicationEvent(ConfigRefreshedEvent event) {
        boolean ours = event.changedKeys().stream()
                .anyMatch(key -> key.startsWith(PREFIX + ".") && !key.startsWith(PREFIX + ".pii."));
        if (ours) {
            reload(event.version());
        }
    }

    /** Binds, checks and compiles the current settings; true when the new chain is in force. */
    public boolean reload(String version) {
        StageChain next;
        try {
            PipelineProperties properties =
                    Binder.get(environment).bindOrCreate(PREFIX, Bindable.of(PipelineProperties.class));
            if (validator != null) {
                Set<ConstraintViolation<PipelineProperties>> violations = validator.validate(properties);
                if (!violations.isEmpty()) {
                    throw new IllegalArgumentException(violations.stream()
                            .map(v -> PREFIX + "." + v.getPropertyPath() + " " + v.getMessage())
                            .sorted()
                            .collect(Collectors.joining("; ")));
                }
            }
            next = compiler.compile(properties);
        } catch (RuntimeException e) {
            count("refused");
            log.warn("stage settings of release {} refused, the running ones stay: {}", version, e.getMessage());
            return false;
        }
        live.replace(next);
        count("applied");
        log.info("stage settings of release {} in force: {}", version, next.describe());
        return true;
    }

    private void count(String outcome) {
        if (meters != null) {
            meters.counter("shopwatch.pipeline.stage.rules.reloads", "outcome", outcome)
                    .increment();
        }
    }
}
