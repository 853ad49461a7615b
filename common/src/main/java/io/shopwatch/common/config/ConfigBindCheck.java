package io.shopwatch.common.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationPropertiesBean;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.bind.handler.IgnoreTopLevelConverterNotFoundBindHandler;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

/**
 * Binds a candidate configuration against this service's {@code @ConfigurationProperties} beans without applying it:
 * each bean's type is bound into a <em>new</em> instance (the beans in use are never touched) from the candidate
 * placed where config-service's values are, above the service's own sources, with the {@code @Validated} constraints
 * checked the way Spring Boot checks them at start. A bean whose type cannot be made without the container (no usable
 * constructor) is skipped. Every failure becomes a {@link Problem} naming the property.
 */
public final class ConfigBindCheck {

    private static final String CANDIDATE = "shopwatch-config-candidate";

    private final ApplicationContext context;
    private final ConfigurableEnvironment environment;
    private final Validator validator;

    /**
     * @param validator checks {@code @Validated} beans (the context's JSR-303 validator); null: constraints unchecked
     */
    public ConfigBindCheck(ApplicationContext context, ConfigurableEnvironment environment, Validator validator) {
        this.context = context;
        this.environment = environment;
        this.validator = validator;
    }

    /**
     * One reason the candidate does not bind.
     *
     * @param field the property at fault ({@code demo.rate}), or the bean's prefix when no property is known
     * @param message what is wrong
     */
    public record Problem(String field, String message) {}

    /** Every problem binding {@code candidate} (flat keys, as config-service serves them); empty when it binds. */
    public List<Problem> check(Map<String, Object> candidate) {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(new MapPropertySource(CANDIDATE, new LinkedHashMap<>(candidate)));
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (!ConfigClient.SOURCE.equals(source.getName())
                    && !ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)) {
                sources.addLast(source);
            }
        }
        Binder binder = new Binder(
                ConfigurationPropertySources.from(sources),
                new PropertySourcesPlaceholdersResolver(sources),
                null,
                null,
                null);
        List<Problem> problems = new ArrayList<>();
        ConfigurationPropertiesBean.getAll(context).forEach((name, bean) -> {
            String prefix = bean.getAnnotation().prefix();
            Bindable<?> inUse = bean.asBindTarget();
            Bindable<?> target = Bindable.of(inUse.getType())
                    .withAnnotations(inUse.getAnnotations())
                    .withBindMethod(inUse.getBindMethod());
            try {
                binder.bind(prefix, target, handler(bean));
            } catch (BindException e) {
                problems.addAll(problems(prefix, e));
            } catch (RuntimeException e) {
                problems.add(new Problem(prefix, rootMessage(e)));
            }
        });
        return problems;
    }

    private BindHandler handler(ConfigurationPropertiesBean bean) {
        BindHandler handler = new IgnoreTopLevelConverterNotFoundBindHandler();
        List<Validator> validators = new ArrayList<>();
        if (validator != null && bean.asBindTarget().getAnnotation(Validated.class) != null) {
            validators.add(validator);
        }
        if (bean.getInstance() instanceof Validator own) {
            validators.add(own);
        }
        return validators.isEmpty()
                ? handler
                : new ValidationBindHandler(handler, validators.toArray(Validator[]::new));
    }

    private static List<Problem> problems(String prefix, BindException e) {
        List<Problem> problems = new ArrayList<>();
        if (e.getCause() instanceof BindValidationException invalid) {
            String base = invalid.getValidationErrors().getName().toString();
            for (ObjectError error : invalid.getValidationErrors().getAllErrors()) {
                String field = error instanceof FieldError fieldError
                        ? base + "." + DataObjectPropertyName.toDashedForm(fieldError.getField())
                        : base;
                problems.add(new Problem(field, error.getDefaultMessage()));
            }
            return problems;
        }
        String field = e.getProperty() != null
                ? e.getProperty().getName().toString()
                : e.getName().toString();
        Throwable cause = e.getCause() == null ? e : e.getCause();
        String message =
                cause.getMessage() == null || cause.getMessage().isBlank() ? rootMessage(cause) : cause.getMessage();
        problems.add(new Problem(field.isEmpty() ? prefix : field, message));
        return problems;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }
}
