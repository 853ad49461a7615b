package io.shopwatch.performance.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What is served from the cache, and what always reaches the store. */
class CachingTest extends FrontendTestSupport {

    private final Instant now = Instant.now();
    private final long start = micros(now.minusSeconds(3 * 3600));
    private final long end = micros(now.minusSeconds(1800));

    private String orgWithData() throws Exception {
        String org = unique("cache");
        proxy().watch(org);
        ingest(
                org,
                "orders",
                List.of(
                        Map.of("_timestamp", micros(now.minusSeconds(7200)), "amount", 5, "level", "info"),
                        Map.of("_timestamp", micros(now.minusSeconds(7100)), "amount", 7, "level", "error")));
        return org;
    }

    @Test
    void repeatedQuery_isAnsweredFromTheCache_whateverItsWhitespaceAndKeywordCase() throws Exception {
        String org = orgWithData();
        HttpResponse<byte[]> cold = frontendSearch(org, searchBody("SELECT sum(amount) AS s FROM orders", start, end));
        HttpResponse<byte[]> warm =
                frontendSearch(org, searchBody("select  sum(amount)  as s\n FROM   orders", start, end));

        assertThat(cold.statusCode()).isEqualTo(200);
        assertThat(text(cold)).contains("\"s\":12");
        assertThat(proxy().count(org)).isEqualTo(1);
        assertThat(warm.statusCode()).isEqualTo(200);
        assertThat(warm.body()).isEqualTo(cold.body());
        assertThat(warm.headers().firstValue("Content-Type"))
                .isEqualTo(cold.headers().firstValue("Content-Type"));
    }

    @Test
    void rangeReachingIntoTheFreshnessWindow_isNeverCached() throws Exception {
        String org = orgWithData();
        // avg is not merged from pieces, so the whole answer is what would be cached (a count would be cached in
        // pieces up to the window, its tail asked again: AggregateMergeTest)
        String body = searchBody("SELECT avg(amount) AS a FROM orders", start, micros(now.minusSeconds(60)));
        frontendSearch(org, body);
        frontendSearch(org, body);
        assertThat(proxy().count(org)).isEqualTo(2);
    }

    @Test
    void emptyAndErrorAnswers_areNotCached() throws Exception {
        String org = orgWithData();
        String empty = searchBody("SELECT * FROM orders WHERE level = 'none'", start, end);
        assertThat(text(frontendSearch(org, empty))).contains("\"hits\":[]");
        frontendSearch(org, empty);
        String error = searchBody("SELECT no_such_column FROM orders", start, end);
        int status = frontendSearch(org, error).statusCode();
        assertThat(status).isGreaterThanOrEqualTo(400);
        frontendSearch(org, error);
        assertThat(proxy().count(org)).isEqualTo(4);
    }

    @Test
    void noCacheHeader_andUseCacheFalse_reachTheStore() throws Exception {
        String org = orgWithData();
        String body = searchBody("SELECT * FROM orders", start, end);
        frontendSearch(org, body);
        frontendSearch(org, body, "Cache-Control", "no-cache");
        send(frontend("/api/" + org + "/_search?use_cache=false"), "POST", body);
        frontendSearch(org, body);
        assertThat(proxy().count(org)).isEqualTo(3);
    }

    @Test
    void otherCredentials_areNeverServedFromTheCache() throws Exception {
        String org = orgWithData();
        String body = searchBody("SELECT * FROM orders", start, end);
        frontendSearch(org, body);
        String wrong = "Basic "
                + Base64.getEncoder().encodeToString("root@example.com:guess".getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> intruder = frontendSearch(org, body, "Authorization", wrong);
        HttpResponse<byte[]> anonymous = send(
                frontend("/api/" + org + "/_search"), "POST", body, "Authorization", "Bearer not-a-store-credential");

        assertThat(intruder.statusCode()).isEqualTo(401);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(proxy().count(org)).isEqualTo(3);
    }

    @Test
    void values_areCachedToo() throws Exception {
        String org = orgWithData();
        String path = "/api/" + org + "/orders/_values?fields=level&size=10&start_time=" + start + "&end_time=" + end;
        HttpResponse<byte[]> cold = send(frontend(path), "GET", null);
        HttpResponse<byte[]> warm = send(frontend(path), "GET", null);
        assertThat(cold.statusCode()).isEqualTo(200);
        assertThat(warm.body()).isEqualTo(cold.body());
        assertThat(proxy().count(org)).isEqualTo(1);
    }
}
