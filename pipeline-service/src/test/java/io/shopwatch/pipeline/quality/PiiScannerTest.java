package io.shopwatch.pipeline.quality;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PiiScannerTest {

    private final PiiScanner.Findings findings = new PiiScanner.Findings();

    private String mask(String text) {
        return PiiScanner.mask(text, findings);
    }

    @Test
    void mask_noDigitsNoAt_returnsSameInstance() {
        String text = "payment declined by issuer";
        assertThat(mask(text)).isSameAs(text);
        assertThat(findings.isEmpty()).isTrue();
    }

    @Test
    void mask_email_keepsFirstCharAndDomain() {
        assertThat(mask("mail john.doe@example.com now.")).isEqualTo("mail j*******@example.com now.");
        assertThat(findings.count(PiiScanner.Kind.EMAIL)).isEqualTo(1);
    }

    @Test
    void mask_atWithoutDomain_isLeftAlone() {
        assertThat(mask("ping @team and user@localhost")).isEqualTo("ping @team and user@localhost");
    }

    @Test
    void mask_mobile_plainSeparatedAndWithCountryCode() {
        assertThat(mask("call 13812345678")).isEqualTo("call 138****5678");
        assertThat(mask("call 138-1234-5678")).isEqualTo("call 138-****-5678");
        assertThat(mask("call +8613812345678")).isEqualTo("call +86138****5678");
        assertThat(findings.count(PiiScanner.Kind.PHONE)).isEqualTo(3);
    }

    @Test
    void mask_elevenDigitsNotMobile_isLeftAlone() {
        assertThat(mask("order 12345678901 shipped")).isEqualTo("order 12345678901 shipped");
        assertThat(mask("sku A13812345678")).isEqualTo("sku A13812345678");
    }

    @Test
    void mask_residentId_withValidCheckDigitOnly() {
        assertThat(mask("id 11010519491231002X ok")).isEqualTo("id 110105********002X ok");
        assertThat(mask("id 440301199003071230")).isEqualTo("id 440301********1230");
        assertThat(mask("id 440301199003071231")).isEqualTo("id 440301199003071231");
        assertThat(findings.count(PiiScanner.Kind.RESIDENT_ID)).isEqualTo(2);
    }

    @Test
    void mask_bankCard_luhnValidOnly() {
        assertThat(mask("card 4111111111111111")).isEqualTo("card 411111******1111");
        assertThat(mask("card 6222 0212 3456 7894")).isEqualTo("card 6222 02** **** 7894");
        assertThat(mask("card 6222021234567890")).isEqualTo("card 6222021234567890");
        assertThat(findings.count(PiiScanner.Kind.BANK_CARD)).isEqualTo(2);
    }

    @Test
    void mask_timestampsAndLongIds_areLeftAlone() {
        assertThat(mask("at 1732550400000 and 1732550400000000")).isEqualTo("at 1732550400000 and 1732550400000000");
        assertThat(mask("trace 4bf92f3577b34da6a3ce929d0e0e4736")).isEqualTo("trace 4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void mask_severalKindsInOneText() {
        String masked = mask("user a@b.cn paid with 4111111111111111, phone 13912345678");
        assertThat(masked).isEqualTo("user a@b.cn paid with 411111******1111, phone 139****5678");
        assertThat(findings.asMap())
                .containsEntry(PiiScanner.Kind.BANK_CARD, 1)
                .containsEntry(PiiScanner.Kind.PHONE, 1);
    }
}
