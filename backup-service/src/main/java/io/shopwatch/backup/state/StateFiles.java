package io.shopwatch.backup.state;

import io.shopwatch.backup.set.FileCipher;
import io.shopwatch.backup.set.Manifest.FileEntry;
import io.shopwatch.backup.set.NdjsonGzipWriter;
import io.shopwatch.common.state.StateDocument;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * One service's state in a set: {@code state/<service>.ndjson.gz}, one item a line as
 * {@code {"section": "...", "item": {...}}}, so that verify counts items as it counts stream records.
 */
final class StateFiles {

    static final String TYPE = "state";

    /** A written state file: its manifest entry and the file to upload. */
    record Written(FileEntry entry, Path upload) {}

    private StateFiles() {}

    static String path(String service) {
        return "state/" + service + ".ndjson.gz";
    }

    /**
     * Writes the document to {@code file}; returns the entry and what to upload (the file, or its encryption in
     * {@code workDir}, which the caller deletes).
     */
    static Written write(StateDocument document, Path file, ObjectMapper json, FileCipher cipher, Path workDir)
            throws IOException {
        NdjsonGzipWriter writer = new NdjsonGzipWriter(file, json);
        try (writer) {
            for (Map.Entry<String, List<JsonNode>> section : document.sections().entrySet()) {
                for (JsonNode item : section.getValue()) {
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("section", section.getKey());
                    line.put("item", item);
                    writer.write(line);
                }
            }
        }
        FileCipher.Stored stored = cipher.store(file, writer.bytes(), writer.sha256(), workDir);
        return new Written(
                new FileEntry(
                        path(document.service()),
                        document.service(),
                        TYPE,
                        0,
                        0,
                        0,
                        0,
                        writer.records(),
                        stored.bytes(),
                        stored.sha256()),
                stored.path());
    }

    /**
     * The document of a stored file whose bytes are {@code stored}, for {@code org}; {@link IOException} when the bytes
     * do not hash to the entry's SHA-256.
     */
    static StateDocument read(
            byte[] stored,
            FileEntry entry,
            String org,
            Instant exportedAt,
            ObjectMapper json,
            FileCipher cipher,
            String encryption)
            throws IOException {
        String hash;
        try {
            hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(stored));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        if (!hash.equals(entry.sha256())) {
            throw new IOException(entry.path() + " is corrupt: SHA-256 " + hash + ", manifest says " + entry.sha256()
                    + "; nothing was restored");
        }
        Map<String, List<JsonNode>> sections = new LinkedHashMap<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(cipher.open(encryption, new ByteArrayInputStream(stored))),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    continue;
                }
                JsonNode node = json.readTree(line);
                sections.computeIfAbsent(node.path("section").asString(), s -> new ArrayList<>())
                        .add(node.get("item"));
            }
        }
        return new StateDocument(StateDocument.FORMAT, entry.stream(), org, exportedAt, sections);
    }
}
