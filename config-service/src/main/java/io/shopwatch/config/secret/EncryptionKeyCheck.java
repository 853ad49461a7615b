package io.shopwatch.config.secret;

import io.shopwatch.common.startup.DevDefault;
import io.shopwatch.common.startup.DevDefaults;
import io.shopwatch.common.startup.InsecureConfigurationException;
import java.util.List;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;
import org.springframework.core.env.Environment;

/**
 * Refuses to start, before any bean is made, with the published development encryption key outside dev mode (the
 * same rule as common's {@link DevDefaults}).
 */
final class EncryptionKeyCheck implements BeanFactoryPostProcessor, PriorityOrdered {

    static final DevDefault KEY =
            DevDefault.of("shopwatch.config.encryption.key", "CONFIG_ENCRYPTION_KEY", SecretsConfiguration.DEV_KEY);

    private final Environment environment;

    EncryptionKeyCheck(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        List<String> problems = DevDefaults.problems(environment, List.of(KEY));
        if (!problems.isEmpty()) {
            throw new InsecureConfigurationException(problems);
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }
}
