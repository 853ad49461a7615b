package io.shopwatch.democlient;

import io.shopwatch.common.config.ConfigClientConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * A service with one dynamic setting (a mutable {@code @ConfigurationProperties} bean) and common's config client; in
 * its own package so that config-service's component scan never finds it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DemoService.DemoProperties.class)
@Import(ConfigClientConfiguration.class)
public class DemoService {

    @ConfigurationProperties("demo")
    public static class DemoProperties {
        private volatile double rate = 0.1;
        private volatile String password = "";

        public double getRate() {
            return rate;
        }

        public void setRate(double rate) {
            this.rate = rate;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }
    }
}
