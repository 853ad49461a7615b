package io.shopwatch.config.approval;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The four-eyes rule, for the profiles in {@code shopwatch.config.approvals.profiles}. */
@Configuration(proxyBeanMethods = false)
public class ApprovalConfiguration {

    @Bean
    ApprovalGate approvalGate(@Value("${shopwatch.config.approvals.profiles:}") String profiles) {
        return new ApprovalGate(Arrays.stream(profiles.split(","))
                .map(String::strip)
                .filter(p -> !p.isEmpty())
                .collect(Collectors.toSet()));
    }
}
