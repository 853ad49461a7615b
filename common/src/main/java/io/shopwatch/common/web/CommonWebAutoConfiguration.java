package io.shopwatch.common.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Gives every servlet-based ShopWatch service the shared problem+json error handling, everywhere an error can be
 * answered: exceptions in controllers ({@link ProblemHandler}), Spring MVC's {@code /error} page ({@link
 * ProblemErrorController}), Tomcat's own refusals ({@link ProblemErrorReportValve}), and request paths that could be
 * read as another path, refused before anything else sees them ({@link PathFirewallFilter}).
 */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(ResponseEntityExceptionHandler.class)
@Import(ProblemHandler.class)
public class CommonWebAutoConfiguration {

    /** First of all filters: before Spring Security, request logging and the dispatcher. */
    @Bean
    FilterRegistrationBean<PathFirewallFilter> shopwatchPathFirewallFilter() {
        FilterRegistrationBean<PathFirewallFilter> registration =
                new FilterRegistrationBean<>(new PathFirewallFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.addUrlPatterns("/*");
        return registration;
    }

    /** Replaces Spring Boot's {@code BasicErrorController} (HTML or Boot's own JSON) with problem+json. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ErrorController.class)
    static class ErrorPageConfiguration {

        @Bean
        @ConditionalOnMissingBean(ErrorController.class)
        ProblemErrorController shopwatchProblemErrorController() {
            return new ProblemErrorController();
        }
    }

    /** Tomcat's error report valve answers problem+json. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(
            name = {
                "org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory",
                "org.apache.catalina.valves.ErrorReportValve"
            })
    static class TomcatConfiguration {

        @Bean
        TomcatProblemCustomizer shopwatchTomcatProblemCustomizer() {
            return new TomcatProblemCustomizer();
        }
    }
}
