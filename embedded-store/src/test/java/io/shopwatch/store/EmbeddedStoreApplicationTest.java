package io.shopwatch.store;

import io.shopwatch.testkit.ServiceSmokeTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class EmbeddedStoreApplicationTest extends ServiceSmokeTest {

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("store.data-dir", () -> EmbeddedStoreContractTest.tempDir().toString());
    }
}
