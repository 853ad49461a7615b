package io.shopwatch.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The only public entry of ShopWatch: routes requests to the services and to OpenObserve's API, with request ids, an
 * access log, body limits, rate limits, circuit breakers and problem+json errors.
 */
@SpringBootApplication
public class GatewayServiceApplication {

    /** Netty's setting of its buffer allocator; an operator's {@code -Dio.netty.allocator.type} wins. */
    static final String NETTY_ALLOCATOR = "io.netty.allocator.type";

    public static void main(String[] args) {
        useNettysPooledAllocator();
        SpringApplication.run(GatewayServiceApplication.class, args);
    }

    /**
     * Netty 4.2's default allocator (adaptive) pools no buffer above 16 KB when the heap is at most 512 MB, which is
     * how the gateway runs (192 MB on the local stack, 70% of a 512 MB container in docker-compose): each socket read
     * of a large request body (up to 64 KB) then allocated, zeroed and freed a direct buffer of its own. The pooled
     * allocator reuses them. Set before the first Netty class reads the setting.
     */
    static void useNettysPooledAllocator() {
        if (System.getProperty(NETTY_ALLOCATOR) == null) {
            System.setProperty(NETTY_ALLOCATOR, "pooled");
        }
    }
}
