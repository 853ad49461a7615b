package io.shopwatch.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.testkit.ServiceSmokeTest;
import java.net.http.HttpResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The store with no configuration but its data directory. It has no token security (it is OpenObserve, not a
 * ShopWatch service): its OpenObserve API checks the root user's Basic credentials itself and refuses a request
 * without them as OpenObserve does.
 */
class EmbeddedStoreApplicationTest extends ServiceSmokeTest {

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("store.data-dir", () -> EmbeddedStoreContractTest.tempDir().toString());
    }

    @Override
    protected String pathThatNeedsCredentials() {
        return "/api/default/streams";
    }

    /** OpenObserve's answer: 401, {@code WWW-Authenticate: Bearer realm="openobserve"}, {@code Unauthorized Access}. */
    @Override
    protected void assertRefusedWithoutCredentials(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"openobserve\"");
        assertThat(response.body()).isEqualTo("Unauthorized Access");
    }
}
