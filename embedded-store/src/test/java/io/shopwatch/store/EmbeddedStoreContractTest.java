package io.shopwatch.store;

import io.shopwatch.testkit.openobserve.OpenObserveContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The OpenObserve contract suite against the embedded store, over HTTP on a random port with its own data directory. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EmbeddedStoreContractTest extends OpenObserveContract {

    private static final Path DATA = tempDir();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("store.data-dir", DATA::toString);
        registry.add("store.root-user-email", () -> "contract@example.com");
        registry.add("store.root-user-password", () -> "contract-secret");
    }

    @Override
    protected String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    protected String user() {
        return "contract@example.com";
    }

    @Override
    protected String password() {
        return "contract-secret";
    }

    static Path tempDir() {
        try {
            return Files.createTempDirectory("store-contract");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
