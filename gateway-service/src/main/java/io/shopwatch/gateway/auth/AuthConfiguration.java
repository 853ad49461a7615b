package io.shopwatch.gateway.auth;

import io.shopwatch.gateway.problem.ProblemResponses;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The authentication seam: the {@link RequestAuthenticator} bean when there is one, anonymous access otherwise. The
 * client's identity headers are stripped either way.
 */
@Configuration(proxyBeanMethods = false)
class AuthConfiguration {

    @Bean
    IdentityFilter identityFilter(ObjectProvider<RequestAuthenticator> authenticators, ProblemResponses problems) {
        return new IdentityFilter(authenticators.getIfAvailable(AnonymousRequestAuthenticator::new), problems);
    }
}
