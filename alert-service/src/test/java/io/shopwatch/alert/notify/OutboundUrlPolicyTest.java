package io.shopwatch.alert.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The store-time check of receiver URLs: internal IP literals in every form a URL parser accepts. */
class OutboundUrlPolicyTest {

    private static final OutboundUrlPolicy STRICT = new OutboundUrlPolicy(List.of());

    @ParameterizedTest
    @ValueSource(
            strings = {
                // loopback, dotted and in the forms inet_aton-style parsers accept
                "http://127.0.0.1/hook",
                "http://127.0.0.1:8080/hook",
                "https://user:pw@127.0.0.1/hook",
                "http://127.1/",
                "http://2130706433/",
                "http://0x7f.1/",
                "http://0x7f000001/",
                "http://0177.0.0.1/",
                "http://017700000001/",
                "http://0x7F.0.0.1/",
                "http://127.0.0.1./",
                "http://%31%32%37.0.0.1/",
                "http:\\\\127.0.0.1\\hook",
                // RFC 1918
                "http://10.1.2.3/",
                "http://172.16.0.1/",
                "http://172.31.255.254/",
                "http://192.168.1.1/",
                "http://3232235777/",
                // link-local (cloud metadata), CGNAT, unspecified
                "http://169.254.169.254/latest/meta-data",
                "http://100.64.0.1/",
                "http://100.127.255.254/",
                "http://0.0.0.0/",
                "http://0/",
                // IPv6: loopback, unspecified, ULA, link-local, IPv4-mapped, IPv4-compatible, NAT64
                "http://[::1]/",
                "http://[::]/",
                "http://[fc00::1]/",
                "http://[fd12:3456::1]:9093/",
                "http://[fe80::1%25eth0]/",
                "http://[::ffff:127.0.0.1]/",
                "http://[::ffff:7f00:1]/",
                "http://[::ffff:10.0.0.1]/",
                "http://[::127.0.0.1]/",
                "http://[64:ff9b::192.168.0.1]/",
                // names that are always loopback
                "http://localhost:9093/",
                "http://LOCALHOST/",
                "http://alerts.localhost/"
            })
    void refusedAtStore_internalLiteral_isRefused(String url) {
        assertThat(STRICT.refusedAtStore(url)).as(url).hasValueSatisfying(message -> assertThat(message)
                .contains("SHOPWATCH_WEBHOOK_ALLOWLIST")
                .doesNotContain("/hook"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://hooks.slack.com/services/T0/B0/x",
                "https://oapi.dingtalk.com/robot/send?access_token=abc",
                "http://8.8.8.8/",
                "http://134744072/",
                "http://100.128.0.1/",
                "http://172.32.0.1/",
                "http://[2001:db8::1]/",
                "http://[2606:4700::1111]/",
                "http://1.2.3.4.5/",
                "http://08.1.2.3/",
                "http://example.com:8080/x",
                "not a url"
            })
    void refusedAtStore_publicAddressOrName_isAccepted(String url) {
        assertThat(STRICT.refusedAtStore(url)).as(url).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://127.0.0.1:9/hook",
                "http://2130706433/",
                "http://0x7f.1/",
                "http://[::ffff:127.0.0.1]/",
                "http://localhost:9093/",
                "http://10.20.30.40/",
                "http://[fd00::5]/"
            })
    void refusedAtStore_allowListed_isAccepted(String url) {
        OutboundUrlPolicy policy = new OutboundUrlPolicy(List.of("127.0.0.1", "localhost", "10.20.0.0/16", "fd00::/8"));
        assertThat(policy.refusedAtStore(url)).as(url).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.2/", "http://10.21.0.1/", "http://[fc00::1]/", "http://192.168.0.1/"})
    void refusedAtStore_outsideTheAllowList_isRefused(String url) {
        OutboundUrlPolicy policy = new OutboundUrlPolicy(List.of("127.0.0.1", "localhost", "10.20.0.0/16", "fd00::/8"));
        assertThat(policy.refusedAtStore(url)).as(url).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1/", "http://[::1]/", "http://169.254.169.254/"})
    void refusedAtStore_allowAll_acceptsEverything(String url) {
        assertThat(new OutboundUrlPolicy(List.of("*")).refusedAtStore(url)).isEmpty();
    }
}
