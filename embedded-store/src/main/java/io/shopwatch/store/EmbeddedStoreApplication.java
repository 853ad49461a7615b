package io.shopwatch.store;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** OpenObserve-API-compatible telemetry store on DuckDB, for one machine, local runs and tests. */
@SpringBootApplication
public class EmbeddedStoreApplication {

    public static void main(String[] args) {
        SpringApplication.run(EmbeddedStoreApplication.class, args);
    }
}
