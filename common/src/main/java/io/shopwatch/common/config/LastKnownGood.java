package io.shopwatch.common.config;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The last configuration received, on disk: written after every successful fetch (to a temporary file, then moved
 * into place, so a crash never leaves half a file), read when config-service cannot be reached at start.
 */
public final class LastKnownGood {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path file;

    public LastKnownGood(Path file) {
        this.file = file;
    }

    public void save(FetchedConfig config) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("version", config.version());
        document.put("properties", config.properties());
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        Files.write(tmp, JSON.writeValueAsBytes(document));
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public Optional<FetchedConfig> load() {
        if (!Files.isReadable(file)) {
            return Optional.empty();
        }
        try {
            JsonNode document = JSON.readTree(Files.readAllBytes(file));
            Map<String, Object> properties = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> entry : document.path("properties").properties()) {
                JsonNode v = entry.getValue();
                properties.put(
                        entry.getKey(),
                        v.isNumber() ? v.numberValue() : v.isBoolean() ? v.booleanValue() : v.asString());
            }
            JsonNode version = document.path("version");
            return Optional.of(new FetchedConfig(version.isNull() ? null : version.asString(), properties));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
