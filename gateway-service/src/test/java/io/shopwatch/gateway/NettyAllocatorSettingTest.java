package io.shopwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NettyAllocatorSettingTest {

    private String before;

    @BeforeEach
    void remember() {
        before = System.getProperty(GatewayServiceApplication.NETTY_ALLOCATOR);
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(GatewayServiceApplication.NETTY_ALLOCATOR);
        } else {
            System.setProperty(GatewayServiceApplication.NETTY_ALLOCATOR, before);
        }
    }

    @Test
    void unset_thePooledAllocator() {
        System.clearProperty(GatewayServiceApplication.NETTY_ALLOCATOR);

        GatewayServiceApplication.useNettysPooledAllocator();

        assertThat(System.getProperty(GatewayServiceApplication.NETTY_ALLOCATOR))
                .isEqualTo("pooled");
    }

    @Test
    void anOperatorsChoice_isKept() {
        System.setProperty(GatewayServiceApplication.NETTY_ALLOCATOR, "adaptive");

        GatewayServiceApplication.useNettysPooledAllocator();

        assertThat(System.getProperty(GatewayServiceApplication.NETTY_ALLOCATOR))
                .isEqualTo("adaptive");
    }
}
