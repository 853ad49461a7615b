package io.shopwatch.gateway.problem;

import io.micrometer.core.instrument.MeterRegistry;
import io.shopwatch.gateway.request.AccessLogFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.ObjectMapper;

/** problem+json answers for everything the gateway refuses or fails itself. */
@Configuration(proxyBeanMethods = false)
class ProblemConfiguration {

    @Bean
    ProblemResponses problemResponses(ObjectMapper mapper, MeterRegistry meters) {
        return new ProblemResponses(mapper, meters);
    }

    @Bean
    ProblemExceptionHandler problemExceptionHandler(ProblemResponses problems) {
        return new ProblemExceptionHandler(problems);
    }

    /** The access log answers a request that failed before a route took it with this package's problem+json. */
    @Bean
    AccessLogFilter accessLogFilter(ProblemExceptionHandler errors) {
        return new AccessLogFilter(errors);
    }
}
