package io.shopwatch.logging.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shopwatch.common.web.ShopWatchException;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class HeaderOrgResolverTest {

    final HeaderOrgResolver resolver = new HeaderOrgResolver();

    @Test
    void resolve_withoutHeader_isDefault() {
        assertThat(resolver.resolve(new MockHttpServletRequest())).isEqualTo("default");
    }

    @Test
    void resolve_withHeader_isTheHeader() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.addHeader("X-ShopWatch-Org", " acme_eu-1 ");
        assertThat(resolver.resolve(request)).isEqualTo("acme_eu-1");
    }

    @Test
    void resolve_withAnImpossibleOrg_isRejected() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.addHeader("X-ShopWatch-Org", "../other");
        assertThatThrownBy(() -> resolver.resolve(request)).isInstanceOf(ShopWatchException.class);
    }
}
