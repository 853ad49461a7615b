package io.shopwatch.common.startup;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Gives every ShopWatch service the refusal to start on a development credential outside dev mode
 * ({@link DevDefaults#CREDENTIALS}).
 */
@AutoConfiguration
public class StartupCheckAutoConfiguration {

    @Bean
    static DevDefaultsCheck devDefaultsCheck(Environment environment) {
        return new DevDefaultsCheck(environment, DevDefaults.CREDENTIALS);
    }
}
