package io.shopwatch.common.startup;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;
import org.springframework.core.env.Environment;

/**
 * Stops the start before any bean is made (no database, broker or port is touched) when a credential holds a
 * development value outside dev mode; in dev mode it logs which development values are in use.
 */
final class DevDefaultsCheck implements BeanFactoryPostProcessor, PriorityOrdered {

    private static final Logger log = LoggerFactory.getLogger(DevDefaultsCheck.class);

    private final Environment environment;
    private final List<DevDefault> checks;

    DevDefaultsCheck(Environment environment, List<DevDefault> checks) {
        this.environment = environment;
        this.checks = List.copyOf(checks);
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        List<String> problems = DevDefaults.problems(environment, checks);
        if (!problems.isEmpty()) {
            throw new InsecureConfigurationException(problems);
        }
        if (DevDefaults.devMode(environment)) {
            List<String> inUse = checks.stream()
                    .filter(check -> check.isDevelopmentValue(environment.getProperty(check.property())))
                    .map(DevDefault::variable)
                    .distinct()
                    .toList();
            if (!inUse.isEmpty()) {
                log.warn("{}=true: running with the development values of {}", DevDefaults.DEV_MODE_VARIABLE, inUse);
            }
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
