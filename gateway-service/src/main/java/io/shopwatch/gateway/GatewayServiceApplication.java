package io.shopwatch.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The only public entry of ShopWatch: routes requests to the services and to OpenObserve's API, with request ids, an
 * access log, body limits, rate limits, circuit breakers and problem+json errors.
 */
@SpringBootApplication
public class GatewayServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(GatewayServiceApplication.class, args);
    }
}
