package io.shopwatch.backup.target;

import com.robothy.s3.rest.LocalS3;
import com.robothy.s3.rest.bootstrap.LocalS3Mode;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** An S3-compatible server (LocalS3: Netty, in memory) in the tests' JVM, one per JVM. */
public final class InProcessS3 {

    public static final String ACCESS_KEY = "test-access";
    public static final String SECRET_KEY = "test-secret";

    private static LocalS3 server;

    private InProcessS3() {}

    public static synchronized URI endpoint() {
        if (server == null) {
            server = LocalS3.builder().port(-1).mode(LocalS3Mode.IN_MEMORY).build();
            server.start();
            LocalS3 started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(started::shutdown));
        }
        return URI.create("http://127.0.0.1:" + server.getPort());
    }

    /** Creates a bucket with a plain SDK client. */
    public static void createBucket(String bucket) {
        try (S3Client s3 = S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder())
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .forcePathStyle(true)
                .build()) {
            s3.createBucket(b -> b.bucket(bucket));
        }
    }

    /** Target settings for a bucket on this server. */
    public static S3Target.Settings settings(String bucket, String prefix, boolean checksumsWhenRequired) {
        return new S3Target.Settings(
                "s3",
                endpoint(),
                "us-east-1",
                bucket,
                prefix,
                ACCESS_KEY,
                SECRET_KEY,
                true,
                checksumsWhenRequired,
                5L * 1024 * 1024,
                5L * 1024 * 1024,
                Duration.ofSeconds(30));
    }
}
