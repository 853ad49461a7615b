package io.shopwatch.backup.target;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An S3-compatible bucket (AWS S3, MinIO, Ceph RGW, ...), through the AWS SDK v2's synchronous client. Files from
 * {@code multipartThreshold} on go up as multipart uploads of {@code partSize} parts (aborted on any failure, so no
 * half object appears); smaller ones in one PUT. Every object carries its SHA-256 as user metadata ({@code sha256}),
 * for tools that look at the bucket alone; the backup's own check reads the object back. Path-style addressing and the
 * SDK's flexible checksums are switches, because many S3-compatible stores need the first and reject the second.
 */
public class S3Target implements BackupTarget, AutoCloseable {

    /**
     * How to reach the bucket.
     *
     * @param name the target's name in requests
     * @param endpoint endpoint URL; null for AWS's own
     * @param region region (any value for most S3-compatible stores)
     * @param bucket bucket
     * @param prefix key prefix inside the bucket ({@code shopwatch/backups/}), may be empty
     * @param accessKey access key; empty for the SDK's default credential chain (environment, profile, instance role)
     * @param secretKey secret key
     * @param pathStyle path-style addressing ({@code endpoint/bucket/key}) instead of virtual-hosted style
     * @param checksumsWhenRequired send and check the SDK's flexible checksums only when an operation requires them
     * @param partSize multipart part size (S3's minimum is 5 MiB, except the last part)
     * @param multipartThreshold files from this size on are uploaded in parts
     * @param timeout timeout of one API call
     */
    public record Settings(
            String name,
            URI endpoint,
            String region,
            String bucket,
            String prefix,
            String accessKey,
            String secretKey,
            boolean pathStyle,
            boolean checksumsWhenRequired,
            long partSize,
            long multipartThreshold,
            Duration timeout) {

        @Override
        public String toString() {
            return "S3Target.Settings[name=" + name + ", endpoint=" + endpoint + ", bucket=" + bucket + ", prefix="
                    + prefix + ", accessKey=" + (accessKey == null || accessKey.isEmpty() ? "" : "***")
                    + ", secretKey=***]";
        }
    }

    private final Settings settings;
    private final S3Client s3;
    private final String prefix;

    public S3Target(Settings settings) {
        this.settings = settings;
        String p = settings.prefix() == null ? "" : settings.prefix();
        this.prefix = p.isEmpty() || p.endsWith("/") ? p : p + "/";
        AwsCredentialsProvider credentials =
                settings.accessKey() == null || settings.accessKey().isBlank()
                        ? DefaultCredentialsProvider.builder().build()
                        : StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()));
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(settings.timeout()))
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(settings.pathStyle())
                .requestChecksumCalculation(
                        settings.checksumsWhenRequired()
                                ? RequestChecksumCalculation.WHEN_REQUIRED
                                : RequestChecksumCalculation.WHEN_SUPPORTED)
                .responseChecksumValidation(
                        settings.checksumsWhenRequired()
                                ? ResponseChecksumValidation.WHEN_REQUIRED
                                : ResponseChecksumValidation.WHEN_SUPPORTED);
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        this.s3 = builder.build();
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public void put(String key, Path file) throws IOException {
        String objectKey = objectKey(key);
        long size = java.nio.file.Files.size(file);
        Map<String, String> metadata = Map.of("sha256", sha256(file));
        if (size < settings.multipartThreshold()) {
            s3.putObject(
                    b -> b.bucket(settings.bucket())
                            .key(objectKey)
                            .contentLength(size)
                            .metadata(metadata),
                    RequestBody.fromFile(file));
            return;
        }
        String uploadId = s3.createMultipartUpload(
                        b -> b.bucket(settings.bucket()).key(objectKey).metadata(metadata))
                .uploadId();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            List<CompletedPart> parts = new ArrayList<>();
            int partNumber = 1;
            for (long offset = 0; offset < size; offset += settings.partSize(), partNumber++) {
                int length = (int) Math.min(settings.partSize(), size - offset);
                ByteBuffer buffer = ByteBuffer.allocate(length);
                while (buffer.hasRemaining()) {
                    if (channel.read(buffer, offset + buffer.position()) < 0) {
                        throw new IOException(file + " shrank while it was uploaded");
                    }
                }
                buffer.flip();
                int number = partNumber;
                String etag = s3.uploadPart(
                                b -> b.bucket(settings.bucket())
                                        .key(objectKey)
                                        .uploadId(uploadId)
                                        .partNumber(number)
                                        .contentLength((long) length),
                                RequestBody.fromByteBuffer(buffer))
                        .eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            }
            s3.completeMultipartUpload(b -> b.bucket(settings.bucket())
                    .key(objectKey)
                    .uploadId(uploadId)
                    .multipartUpload(
                            CompletedMultipartUpload.builder().parts(parts).build()));
        } catch (IOException | RuntimeException e) {
            try {
                s3.abortMultipartUpload(
                        b -> b.bucket(settings.bucket()).key(objectKey).uploadId(uploadId));
            } catch (RuntimeException abort) {
                e.addSuppressed(abort);
            }
            throw e;
        }
    }

    @Override
    public OptionalLong size(String key) {
        try {
            HeadObjectResponse head =
                    s3.headObject(b -> b.bucket(settings.bucket()).key(objectKey(key)));
            return OptionalLong.of(head.contentLength());
        } catch (NoSuchKeyException e) {
            return OptionalLong.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return OptionalLong.empty();
            }
            throw e;
        }
    }

    /** The SHA-256 stored with the object, if any. */
    public java.util.Optional<String> storedSha256(String key) {
        return java.util.Optional.ofNullable(
                s3.headObject(b -> b.bucket(settings.bucket()).key(objectKey(key)))
                        .metadata()
                        .get("sha256"));
    }

    @Override
    public InputStream open(String key) throws IOException {
        try {
            return s3.getObject(b -> b.bucket(settings.bucket()).key(objectKey(key)));
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(key);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new NoSuchFileException(key);
            }
            throw new IOException("S3 GET " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void deletePrefix(String keyPrefix) {
        List<ObjectIdentifier> batch = new ArrayList<>();
        ListObjectsV2Request list = ListObjectsV2Request.builder()
                .bucket(settings.bucket())
                .prefix(objectKey(keyPrefix))
                .build();
        for (S3Object object : s3.listObjectsV2Paginator(list).contents()) {
            batch.add(ObjectIdentifier.builder().key(object.key()).build());
            if (batch.size() == 1000) {
                delete(batch);
            }
        }
        if (!batch.isEmpty()) {
            delete(batch);
        }
    }

    private void delete(List<ObjectIdentifier> batch) {
        List<ObjectIdentifier> keys = List.copyOf(batch);
        // one by one: DeleteObjects needs Content-MD5 or a flexible checksum, which some S3-compatible stores refuse
        for (ObjectIdentifier id : keys) {
            s3.deleteObject(b -> b.bucket(settings.bucket()).key(id.key()));
        }
        batch.clear();
    }

    private String objectKey(String key) {
        if (key.contains("..")) {
            throw new IllegalArgumentException("key outside the target: " + key);
        }
        return prefix + key;
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = java.nio.file.Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        s3.close();
    }
}
