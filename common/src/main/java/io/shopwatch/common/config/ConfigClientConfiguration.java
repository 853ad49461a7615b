package io.shopwatch.common.config;

import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesBean;
import org.springframework.boot.context.properties.bind.BindMethod;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.validation.Validator;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/**
 * The config client of a service, opt-in with {@code shopwatch.config.client.enabled=true}; a service imports this
 * class ({@code @Import(ConfigClientConfiguration.class)}). Before any bean is made, config-service's values (or the
 * last-known-good copy) go into the environment; when {@code shopwatch.config.changes} announces a change of this
 * application, the values are fetched again, every mutable (JavaBean) {@code @ConfigurationProperties} bean is bound
 * again, and a {@link ConfigRefreshedEvent} is published. Records and other constructor-bound properties keep the
 * values they started with: dynamic settings are mutable classes.
 */
@Configuration(proxyBeanMethods = false)
public class ConfigClientConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ConfigClientConfiguration.class);

    /** The client, created and run before any other bean, so that every bean binds config-service's values. */
    @Bean
    static ConfigClientLoader configClientLoader(ConfigurableEnvironment environment) {
        return new ConfigClientLoader(new ConfigClient(ConfigClientSettings.from(environment), environment));
    }

    @Bean
    ConfigChangeWatcher configChangeWatcher(ConfigClientLoader loader, ApplicationContext context) {
        ConfigClient client = loader.client();
        return new ConfigChangeWatcher(
                client.settings(),
                change ->
                        refreshNow(client, context, "release " + change.releaseId() + " (" + change.operation() + ")"),
                () -> catchUp(client, context));
    }

    /**
     * A service that started on its last-known-good copy or local settings asks config-service again until it
     * answers, then binds its values as a refresh does: a release published while config-service was down, or while
     * the service started before it, reaches the service without waiting for the next change. True once the values
     * come from config-service.
     */
    static synchronized boolean catchUp(ConfigClient client, ApplicationContext context) {
        if (client.fromConfigService()) {
            return true;
        }
        Optional<Set<String>> changed = client.catchUp();
        if (changed.isEmpty()) {
            return false;
        }
        apply(client, context, changed.get(), "config-service reached after a start without it");
        return true;
    }

    /**
     * Fetches again, rebinds every mutable properties bean, publishes {@link ConfigRefreshedEvent} and acknowledges;
     * what a change event and a bus refresh both do. Serialised: the two may arrive at once.
     */
    static synchronized void refreshNow(ConfigClient client, ApplicationContext context, String cause) {
        apply(client, context, client.refresh(), "configuration refreshed on " + cause);
    }

    /** Rebinds every mutable properties bean to the values just fetched, publishes the event, acknowledges. */
    private static void apply(ConfigClient client, ApplicationContext context, Set<String> changed, String what) {
        rebind(context, (ConfigurableEnvironment) context.getEnvironment());
        log.info("{}: release {}, {} key(s) changed", what, client.version(), changed.size());
        context.publishEvent(new ConfigRefreshedEvent(context, client.version(), changed));
        client.acknowledge();
    }

    /**
     * Spring Cloud Bus: a {@code RefreshRemoteApplicationEvent} for this instance refreshes too, when the service has
     * the bus ({@code spring-cloud-starter-bus-kafka}) on its classpath.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = ConfigBusListener.REFRESH_EVENT)
    @ConditionalOnProperty(prefix = "shopwatch.config.client", name = "enabled", havingValue = "true")
    static class BusRefresh {

        @Bean
        ConfigBusListener configBusListener(ConfigClientLoader loader, ApplicationContext context) {
            return new ConfigBusListener(() -> refreshNow(loader.client(), context, "a bus refresh"));
        }
    }

    /** Acknowledges the release the service started on, once every bean is bound. */
    @Bean
    ApplicationListener<ContextRefreshedEvent> configStartAcknowledger(ConfigClientLoader loader) {
        return event -> loader.client().acknowledge();
    }

    /**
     * The dry-run bind endpoint ({@link ConfigBindCheckController}), on services that serve HTTP with the config
     * client enabled.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(
            name = {"org.springframework.security.core.context.SecurityContextHolder", "jakarta.validation.Validator"})
    @ConditionalOnProperty(prefix = "shopwatch.config.client", name = "enabled", havingValue = "true")
    static class BindCheckEndpoint {

        @Bean
        ConfigBindCheck configBindCheck(
                ApplicationContext context,
                ConfigurableEnvironment environment,
                ObjectProvider<jakarta.validation.Validator> validators) {
            jakarta.validation.Validator validator = validators.getIfAvailable();
            Validator spring = validator == null
                    ? null
                    : validator instanceof Validator own ? own : new SpringValidatorAdapter(validator);
            return new ConfigBindCheck(context, environment, spring);
        }

        @Bean
        ConfigBindCheckController configBindCheckController(
                ConfigBindCheck check, ConfigClientLoader loader, ConfigurableEnvironment environment) {
            return new ConfigBindCheckController(check, loader.client().settings(), environment);
        }
    }

    /** Binds every mutable {@code @ConfigurationProperties} bean again from the environment. */
    static void rebind(ApplicationContext context, ConfigurableEnvironment environment) {
        Binder binder = Binder.get(environment);
        ConfigurationPropertiesBean.getAll(context).forEach((name, bean) -> {
            if (bean.asBindTarget().getBindMethod() != BindMethod.JAVA_BEAN) {
                return;
            }
            try {
                binder.bind(bean.getAnnotation().prefix(), bean.asBindTarget());
            } catch (RuntimeException e) {
                log.warn("{} not rebound, its values stay: {}", name, e.getMessage());
            }
        });
    }

    /** Loads the configuration when the bean factory is ready, before any bean is instantiated. */
    public static final class ConfigClientLoader implements BeanFactoryPostProcessor, PriorityOrdered {

        private final ConfigClient client;

        ConfigClientLoader(ConfigClient client) {
            this.client = client;
        }

        public ConfigClient client() {
            return client;
        }

        @Override
        public void postProcessBeanFactory(
                org.springframework.beans.factory.config.ConfigurableListableBeanFactory beanFactory) {
            if (client.settings().enabled()) {
                client.loadAtStart();
            }
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE + 10;
        }
    }
}
