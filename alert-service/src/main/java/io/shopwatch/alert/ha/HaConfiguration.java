package io.shopwatch.alert.ha;

import io.shopwatch.alert.settings.AlertingProperties;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** High availability: the dispatch lease and the leadership it gives. */
@Configuration(proxyBeanMethods = false)
public class HaConfiguration {

    @Bean
    LeaseManager dispatchLease(DataSource dataSource, AlertingProperties properties) {
        return new LeaseManager(dataSource, "dispatch", replicaId(properties), properties.leaseTtl());
    }

    @Bean
    Leadership leadership(LeaseManager lease, AlertingProperties properties, Clock clock) {
        return new Leadership(lease, properties.leaseTtl(), properties.leaseRenew(), clock);
    }

    static String replicaId(AlertingProperties properties) {
        if (properties.replicaId() != null && !properties.replicaId().isBlank()) {
            return properties.replicaId();
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        return host + "-" + ManagementFactory.getRuntimeMXBean().getPid() + "-"
                + Long.toHexString(System.nanoTime() & 0xffffff);
    }
}
