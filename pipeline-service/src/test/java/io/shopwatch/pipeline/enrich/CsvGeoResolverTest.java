package io.shopwatch.pipeline.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shopwatch.pipeline.flow.Records;
import io.shopwatch.pipeline.record.PipelineRecord;
import io.shopwatch.pipeline.transform.FlattenTransformer;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvGeoResolverTest {

    /** A few rows as DB-IP's dbip-country-lite file writes them (no header, IPv4 first, then IPv6). */
    private static final String COUNTRY_LITE = """
            1.0.0.0,1.0.0.255,AU
            1.0.1.0,1.0.3.255,CN
            1.0.4.0,1.0.7.255,AU
            10.0.0.0,10.255.255.255,ZZ
            223.255.255.0,223.255.255.255,AU
            2001:200::,2001:200:ffff:ffff:ffff:ffff:ffff:ffff,JP
            2001:67c:2e8::,2001:67c:2e8:ffff:ffff:ffff:ffff:ffff,NL
            2c0f:fff0::,2c0f:fff0:ffff:ffff:ffff:ffff:ffff:ffff,NG
            """;

    private static CsvGeoResolver read(String csv) throws IOException {
        return CsvGeoResolver.read(new StringReader(csv), "test.csv");
    }

    private static String country(GeoResolver resolver, String ip) {
        return resolver.locate(ip).map(GeoResolver.Location::country).orElse(null);
    }

    @Test
    void ipv4_findsTheRangeHoldingTheAddress_bothEndsIncluded() throws IOException {
        CsvGeoResolver resolver = read(COUNTRY_LITE);
        assertThat(resolver.size()).isEqualTo(8);
        assertThat(country(resolver, "1.0.0.0")).isEqualTo("AU");
        assertThat(country(resolver, "1.0.0.255")).isEqualTo("AU");
        assertThat(country(resolver, "1.0.1.0")).isEqualTo("CN");
        assertThat(country(resolver, "1.0.2.17")).isEqualTo("CN");
        assertThat(country(resolver, "1.0.3.255")).isEqualTo("CN");
        assertThat(country(resolver, "1.0.4.0")).isEqualTo("AU");
        assertThat(country(resolver, "223.255.255.255")).isEqualTo("AU");
        assertThat(resolver.locate("1.0.1.9")).contains(new GeoResolver.Location("CN", null, null));
    }

    @Test
    void ipv6_findsTheRange_inAnySpelling() throws IOException {
        CsvGeoResolver resolver = read(COUNTRY_LITE);
        assertThat(country(resolver, "2001:200::")).isEqualTo("JP");
        assertThat(country(resolver, "2001:200:0:0:0:0:0:1")).isEqualTo("JP");
        assertThat(country(resolver, "2001:200:ffff:ffff:ffff:ffff:ffff:ffff")).isEqualTo("JP");
        assertThat(country(resolver, "2001:67C:2E8::42")).isEqualTo("NL");
        assertThat(country(resolver, "2c0f:fff0:ffff:ffff:ffff:ffff:ffff:ffff")).isEqualTo("NG");
        // an IPv4-mapped IPv6 address is the IPv4 address
        assertThat(country(resolver, "::ffff:1.0.1.1")).isEqualTo("CN");
    }

    @Test
    void misses_gapsOutsideTheEdges_unknownCountry_andTextThatIsNoAddress() throws IOException {
        CsvGeoResolver resolver = read(COUNTRY_LITE);
        assertThat(resolver.locate("0.255.255.255")).isEmpty(); // before the first range
        assertThat(resolver.locate("1.0.8.0")).isEmpty(); // in a gap between ranges
        assertThat(resolver.locate("255.255.255.255")).isEmpty(); // after the last range
        assertThat(resolver.locate("10.1.2.3")).isEmpty(); // DB-IP's ZZ: unknown
        assertThat(resolver.locate("2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff")).isEmpty();
        assertThat(resolver.locate("2001:201::")).isEmpty();
        assertThat(resolver.locate("::1")).isEmpty();
        assertThat(resolver.locate("example.com")).isEmpty(); // never resolved through DNS
        assertThat(resolver.locate("1.0.0")).isEmpty();
        assertThat(resolver.locate("")).isEmpty();
        assertThat(resolver.locate(null)).isEmpty();
        assertThat(read("").locate("1.0.0.1")).isEmpty();
    }

    @Test
    void rowsInAnyOrder_commentsAndBlankLines_andTheCityLayout() throws IOException {
        CsvGeoResolver resolver = read("""
                # a comment

                "2.16.0.0","2.16.0.255","EU","DE","Hesse","Frankfurt am Main","50.1109","8.68213"
                1.0.0.0,1.0.0.255,"AS","AU","Queensland","South Brisbane","-27.4767","153.017"
                """);
        assertThat(resolver.locate("2.16.0.9")).contains(new GeoResolver.Location("DE", "Hesse", "Frankfurt am Main"));
        assertThat(resolver.locate("1.0.0.1")).contains(new GeoResolver.Location("AU", "Queensland", "South Brisbane"));
    }

    @Test
    void malformedRows_stopTheLoad_namingTheLine() {
        assertThatThrownBy(() -> read("1.0.0.0,1.0.0.255,AU\n1.0.1.0,1.0.1.255\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("test.csv line 2:");
        assertThatThrownBy(() -> read("1.0.0.0,example.com,AU"))
                .hasMessageContaining("line 1: not an IP address: example.com");
        assertThatThrownBy(() -> read("1.0.0.9,1.0.0.1,AU")).hasMessageContaining("the start is after the end");
        assertThatThrownBy(() -> read("1.0.0.0,2001:db8::,AU")).hasMessageContaining("must both be IPv4 or both IPv6");
        assertThatThrownBy(() -> read("1.0.0.0,1.0.0.255,AU\n1.0.0.128,1.0.1.255,CN"))
                .hasMessageContaining("line 2: the range overlaps another one");
        assertThatThrownBy(() -> read("1.0.0.0,1.0.0.255,")).hasMessageContaining("no country");
    }

    /** The addresses storefront-simulator gives its shoppers ({@code Simulator.CLIENT_IPS}). */
    private static final List<String> SIMULATOR_ADDRESSES =
            List.of("192.0.2.10", "192.0.2.77", "198.51.100.23", "203.0.113.5", "2001:db8:1::17", "2001:db8:2::42");

    @Test
    void shippedDemoCsv_locatesEverySimulatorAddress_andNothingElse() throws IOException {
        CsvGeoResolver demo = demo();
        assertThat(SIMULATOR_ADDRESSES)
                .allSatisfy(ip -> assertThat(demo.locate(ip)).as(ip).isPresent());
        assertThat(SIMULATOR_ADDRESSES.stream().map(ip -> country(demo, ip)).distinct())
                .containsExactlyInAnyOrder("DE", "FR", "CN", "NL", "US");
        assertThat(demo.locate("8.8.8.8")).isEmpty();
        assertThat(demo.locate("2001:db8:3::1")).isEmpty();
    }

    @Test
    void geoIpStage_withTheDemoCsv_givesASimulatorEventItsCountry() throws IOException {
        PipelineRecord record = Records.event(
                "e1",
                "{\"type\":\"page_view\",\"session_id\":\"s\",\"properties\":{\"client_ip\":\"2001:db8:2::42\"}}");
        new FlattenTransformer(3).apply(record);
        new GeoIpEnricher(demo()).apply(record);
        assertThat(record.document())
                .containsEntry("geo_country", "US")
                .doesNotContainKey("geo_region")
                .doesNotContainKey("geo_city");
    }

    private static CsvGeoResolver demo() throws IOException {
        try (Reader in = new InputStreamReader(
                CsvGeoResolverTest.class.getResourceAsStream("/geoip/simulator-demo-country.csv"),
                StandardCharsets.UTF_8)) {
            return CsvGeoResolver.read(in, "simulator-demo-country.csv");
        }
    }
}
