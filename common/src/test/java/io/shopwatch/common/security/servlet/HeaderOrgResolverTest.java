package io.shopwatch.common.security.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shopwatch.common.web.ShopWatchException;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class HeaderOrgResolverTest {

    final HeaderOrgResolver resolver = new HeaderOrgResolver();

    @Test
    void org_withoutHeader_isDefault() {
        assertThat(resolver.org(new MockHttpServletRequest())).isEqualTo("default");
    }

    @Test
    void org_withHeader_isTheHeader() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.addHeader("X-ShopWatch-Org", " acme_eu-1 ");
        assertThat(resolver.org(request)).isEqualTo("acme_eu-1");
    }

    @Test
    void org_withAnImpossibleOrg_isRejected() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.addHeader("X-ShopWatch-Org", "../other");
        assertThatThrownBy(() -> resolver.org(request)).isInstanceOf(ShopWatchException.class);
    }

    @Test
    void org_withWhiteSpaceInsideTheName_isRejected() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.addHeader("X-ShopWatch-Org", "acme eu");
        assertThatThrownBy(() -> resolver.org(request)).isInstanceOf(ShopWatchException.class);
    }

    @Test
    void org_withSurroundingTabs_isTheNameWithout() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.addHeader("X-ShopWatch-Org", "\tacme\t");
        assertThat(resolver.org(request)).isEqualTo("acme");
    }
}
