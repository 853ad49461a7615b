package io.shopwatch.acceptance;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One ShopWatch service started from the executable jar its module builds, in a JVM of its own (so that the services'
 * auto-configurations never meet on one class path). It listens on a port the system picks; the port is read from its
 * log. Its output goes to {@code <work>/<name>.log}.
 */
final class ServiceProcess implements AutoCloseable {

    private static final Pattern STARTED = Pattern.compile("started on port (\\d+)");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final Path log;
    private volatile int port;

    private ServiceProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code java -jar jar}.
     *
     * @param env environment variables (the services read every setting from one)
     */
    static ServiceProcess start(String name, Path jar, Path work, Map<String, String> env) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (./mvnw -pl acceptance-tests -am"
                    + " verify packages every module this one needs)");
        }
        try {
            Path dir = Files.createDirectories(work.resolve(name));
            Path log = work.resolve(name + ".log");
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            // small, quickly started JVMs, as the local stack runs them on two cores
            command.addAll(List.of(
                    "-Xms32m",
                    "-Xmx256m",
                    "-Xss512k",
                    "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1",
                    "--enable-native-access=ALL-UNNAMED",
                    "-jar",
                    jar.toString()));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
            builder.environment().putAll(env);
            builder.environment().put("SERVER_PORT", "0");
            // plain text, so that the port can be read from the log
            builder.environment().put("LOG_FORMAT", "");
            builder.environment().put("SHOPWATCH_DEV_MODE", "true");
            Process process = builder.start();
            // a test JVM that is stopped without closing this (a Failsafe time-out) leaves no service behind
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, name + "-stop"));
            return new ServiceProcess(name, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** Waits until the service listens and answers 200 on {@code healthPath}; returns its port. */
    int awaitReady(String healthPath, Duration timeout) {
        await().alias(name + " ready")
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
                    }
                    if (port == 0) {
                        Matcher m = STARTED.matcher(Files.readString(log, StandardCharsets.UTF_8));
                        if (!m.find()) {
                            return false;
                        }
                        port = Integer.parseInt(m.group(1));
                    }
                    return status(healthPath) == 200;
                });
        return port;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    private int status(String path) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create(url() + path))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
