package io.shopwatch.backup.set;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes and reads {@code manifest.json}: {@code {"sha256": <hex SHA-256 of the manifest's canonical JSON>,
 * "manifest": {...}}}. The canonical form is this codec's own serialisation of {@link Manifest} (fields in declaration
 * order), so a manifest that was edited or truncated fails {@link #read}.
 */
public final class ManifestCodec {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private ManifestCodec() {}

    public static byte[] write(Manifest manifest) {
        ObjectNode root = JSON.createObjectNode();
        root.put("sha256", sha256(canonical(manifest)));
        root.set("manifest", JSON.valueToTree(manifest));
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    }

    /**
     * Writes the manifest to {@code target} (last, after every data file), reads it back and checks it; returns its
     * hash.
     */
    public static String writeChecked(
            io.shopwatch.backup.target.BackupTarget target, Manifest manifest, java.nio.file.Path workDir)
            throws IOException {
        java.nio.file.Path temp = java.nio.file.Files.createTempFile(workDir, "manifest-", ".json");
        try {
            java.nio.file.Files.write(temp, write(manifest));
            target.put(Manifest.key(manifest.backupId()), temp);
        } finally {
            java.nio.file.Files.deleteIfExists(temp);
        }
        try (InputStream in = target.open(Manifest.key(manifest.backupId()))) {
            Manifest back = read(in);
            if (!back.equals(manifest)) {
                throw new IOException("verify after write failed: the manifest read back differs");
            }
        }
        return hash(manifest);
    }

    /** Parses a manifest and checks its own hash; {@link InvalidManifestException} when it does not match. */
    public static Manifest read(InputStream in) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(in);
        } catch (tools.jackson.core.JacksonException e) {
            throw new InvalidManifestException("the manifest is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null
                || !root.path("manifest").isObject()
                || !root.path("sha256").isString()) {
            throw new InvalidManifestException("the manifest lacks its sha256 or body");
        }
        Manifest manifest;
        try {
            manifest = JSON.treeToValue(root.get("manifest"), Manifest.class);
        } catch (tools.jackson.core.JacksonException e) {
            throw new InvalidManifestException("the manifest body is not readable: " + e.getOriginalMessage());
        }
        String expected = root.get("sha256").asString();
        String actual = sha256(canonical(manifest));
        if (!expected.equals(actual)) {
            throw new InvalidManifestException("the manifest's hash does not match its content");
        }
        return manifest;
    }

    /** The hex SHA-256 of the manifest's canonical form (what the catalog records). */
    public static String hash(Manifest manifest) {
        return sha256(canonical(manifest));
    }

    private static byte[] canonical(Manifest manifest) {
        return JSON.writeValueAsBytes(manifest);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A manifest that cannot be trusted. */
    public static class InvalidManifestException extends IOException {
        public InvalidManifestException(String message) {
            super(message);
        }
    }
}
