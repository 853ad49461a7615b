package io.shopwatch.config.validate;

import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The validation gate on publish: the application's JSON Schema, then the platform rules. */
@Configuration(proxyBeanMethods = false)
public class ValidationConfiguration {

    @Bean
    ValidationGate validationGate() {
        return new ValidationGate(List.of(new SchemaRule(), new PlatformRules()));
    }
}
