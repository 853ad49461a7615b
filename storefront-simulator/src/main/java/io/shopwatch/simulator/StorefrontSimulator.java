package io.shopwatch.simulator;

import io.shopwatch.client.ShopWatchClient;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The storefront simulator command: plays shopper sessions (browse → cart → checkout → pay, with failures) and the
 * storefront services' logs against ShopWatch, then prints what was sent and what ShopWatch answered.
 *
 * <pre>
 * java -jar storefront-simulator/target/storefront-simulator.jar --url=http://localhost:8083 --sessions=200 --speed=20
 * </pre>
 *
 * Every option can also come from the environment: {@code --api-key} from {@code SHOPWATCH_API_KEY}, and so on
 * ({@code SHOPWATCH_} plus the option in upper case with underscores).
 */
public final class StorefrontSimulator {

    static final String USAGE = """
            usage: storefront-simulator [--option=value ...]
              --url=URL             ShopWatch base URL: the gateway or logging-service (default http://localhost:8083)
              --api-key=KEY         API key sent as X-API-Key (default none)
              --org=ORG             org sent as X-ShopWatch-Org (default none: the server's default org)
              --sessions=N          sessions to play; 0 = until --duration ends (default 100)
              --rate=R              sessions started per second (default 5)
              --speed=X             how many times faster than real shoppers (default 10)
              --concurrency=N       sessions in progress at most (default 500)
              --duration=D          stop starting sessions after D, e.g. 90s or 10m (default none)
              --seed=N              random seed, for a repeatable run (default: time)
              --payment-failure=P   share of payments that fail, 0..1 (default 0.12)
              --invalid=P           share of carts/orders sent invalid on purpose, 0..1 (default 0)
              --batch-size=N        records per request (default 500)
              --otel=true|false     also send each step's spans (storefront-web, checkout, payment ...) as OTLP/HTTP
                                    protobuf to URL/v1/traces (default false)
            every option can also be set as SHOPWATCH_<OPTION> in the environment, e.g. SHOPWATCH_API_KEY
            """;

    private StorefrontSimulator() {}

    public static void main(String[] args) throws InterruptedException {
        System.exit(run(args, System.getenv(), System.out));
    }

    static int run(String[] args, Map<String, String> env, PrintStream out) throws InterruptedException {
        Map<String, String> options;
        try {
            options = options(args, env);
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
            out.print(USAGE);
            return 2;
        }
        if (options.containsKey("help")) {
            out.print(USAGE);
            return 0;
        }
        String url = options.getOrDefault("url", "http://localhost:8083");
        Simulator.Settings settings = new Simulator.Settings(
                Integer.parseInt(options.getOrDefault("sessions", "100")),
                Double.parseDouble(options.getOrDefault("rate", "5")),
                Double.parseDouble(options.getOrDefault("speed", "10")),
                Integer.parseInt(options.getOrDefault("concurrency", "500")),
                options.containsKey("duration") ? duration(options.get("duration")) : null,
                Long.parseLong(options.getOrDefault("seed", Long.toString(System.nanoTime()))),
                new SessionScript.Funnel(
                        SessionScript.Funnel.DEFAULT.addToCart(),
                        SessionScript.Funnel.DEFAULT.checkout(),
                        Double.parseDouble(options.getOrDefault("payment-failure", "0.12")),
                        Double.parseDouble(options.getOrDefault("invalid", "0"))));
        out.printf(
                Locale.ROOT,
                "simulating %s sessions at %.1f/s, %.0fx speed, against %s%n",
                settings.sessions() <= 0 ? "unlimited" : settings.sessions(),
                settings.rate(),
                settings.speed(),
                url);
        long started = System.nanoTime();
        boolean otel = Boolean.parseBoolean(options.getOrDefault("otel", "false"));
        int batchSize = Integer.parseInt(options.getOrDefault("batch-size", "500"));
        Simulator.Summary summary;
        try (ShopWatchClient client = ShopWatchClient.builder(url)
                .apiKey(options.get("api-key"))
                .org(options.get("org"))
                .batchSize(batchSize)
                .flushInterval(Duration.ofMillis(500))
                .queueCapacity(100_000)
                .reportDropsAs("storefront-simulator")
                .build()) {
            OtlpTraceExporter traces = otel
                    ? new OtlpTraceExporter(url, options.get("api-key"), options.get("org"), batchSize, 100_000)
                    : null;
            summary = new Simulator(client, settings, traces).run();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf(
                Locale.ROOT,
                "%d sessions, %d events, %d log lines in %.1f s; ShopWatch accepted %d, rejected %d;"
                        + " dropped %d, failed %d, %d requests, %d retries%n",
                summary.sessions(),
                summary.events(),
                summary.logs(),
                seconds,
                summary.client().accepted(),
                summary.client().rejected(),
                summary.client().dropped(),
                summary.client().failed(),
                summary.client().batches(),
                summary.client().retries());
        OtlpTraceExporter.Stats spans = summary.spans();
        if (spans != null) {
            out.printf(
                    Locale.ROOT,
                    "spans: sent %d, rejected %d, failed %d, dropped %d%n",
                    spans.sent(),
                    spans.rejected(),
                    spans.failed(),
                    spans.dropped());
        }
        boolean spansFailed = spans != null && (spans.failed() > 0 || spans.dropped() > 0);
        return summary.client().failed() > 0 || spansFailed ? 1 : 0;
    }

    static Map<String, String> options(String[] args, Map<String, String> env) {
        Map<String, String> options = new HashMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith("SHOPWATCH_") && v != null && !v.isBlank()) {
                options.put(
                        k.substring("SHOPWATCH_".length())
                                .toLowerCase(Locale.ROOT)
                                .replace('_', '-'),
                        v);
            }
        });
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                options.put("help", "true");
                continue;
            }
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("not an option: " + arg);
            }
            int eq = arg.indexOf('=');
            options.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        return options;
    }

    static Duration duration(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> throw new IllegalArgumentException("duration must end in ms, s, m or h: " + text);
        };
    }
}
