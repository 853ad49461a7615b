package io.shopwatch.auth;

import io.shopwatch.auth.audit.AuditEvent;
import io.shopwatch.auth.audit.AuditLog;
import io.shopwatch.auth.security.AdminRights;
import io.shopwatch.auth.security.Clients;
import io.shopwatch.auth.security.RefusalLog;
import io.shopwatch.auth.user.AdminStatus;
import io.shopwatch.common.security.Identity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Connects the security layer to the domain below it: the security layer declares what it needs ({@link AdminRights},
 * {@link RefusalLog}) and knows nothing of users or the audit log; this is the one place that knows both.
 */
@Configuration(proxyBeanMethods = false)
public class AccessWiring {

    @Bean
    AdminRights adminRights(AdminStatus status) {
        return new AdminRights() {
            @Override
            public boolean isPlatformAdmin(Identity caller) {
                return status.isPlatformAdmin(caller);
            }

            @Override
            public boolean isOrgAdmin(Identity caller, String org) {
                return status.isOrgAdmin(caller, org);
            }
        };
    }

    /** Every refusal is a {@code request.denied} audit event. */
    @Bean
    RefusalLog refusalLog(AuditLog audit) {
        return (request, caller, org, status, reason) ->
                audit.record(AuditEvent.requestDenied(org, caller, Clients.of(request), status, reason));
    }
}
