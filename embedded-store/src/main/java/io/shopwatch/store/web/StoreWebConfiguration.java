package io.shopwatch.store.web;

import io.shopwatch.store.config.StoreProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The HTTP edge: request decompression and the root user's Basic auth on the OpenObserve API. */
@Configuration(proxyBeanMethods = false)
public class StoreWebConfiguration implements WebMvcConfigurer {

    private final StoreProperties properties;

    public StoreWebConfiguration(StoreProperties properties) {
        this.properties = properties;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new RootUserAuthInterceptor(
                        properties.rootUserEmail(), properties.rootUserPassword(), properties.rootUserToken()))
                .addPathPatterns("/api/**");
    }

    @Bean
    FilterRegistrationBean<RequestDecompressionFilter> requestDecompressionFilter() {
        FilterRegistrationBean<RequestDecompressionFilter> registration =
                new FilterRegistrationBean<>(new RequestDecompressionFilter(properties.payloadLimit()));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
