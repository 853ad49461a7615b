package io.shopwatch.backup.target;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A directory on a local or mounted file system. A file is copied to a temporary name, flushed to disk and renamed, so
 * a crash never leaves a half-written file under its final name.
 */
public class LocalDirectoryTarget implements BackupTarget {

    private final String name;
    private final Path root;

    public LocalDirectoryTarget(String name, Path root) {
        this.name = name;
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public String name() {
        return name;
    }

    public Path root() {
        return root;
    }

    @Override
    public void put(String key, Path file) throws IOException {
        Path target = resolve(key);
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling(target.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            Files.copy(file, temp);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public OptionalLong size(String key) throws IOException {
        Path path = resolve(key);
        return Files.isRegularFile(path) ? OptionalLong.of(Files.size(path)) : OptionalLong.empty();
    }

    @Override
    public InputStream open(String key) throws IOException {
        Path path = resolve(key);
        if (!Files.isRegularFile(path)) {
            throw new NoSuchFileException(key);
        }
        return Files.newInputStream(path);
    }

    @Override
    public void deletePrefix(String prefix) throws IOException {
        Path dir = resolve(prefix);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private Path resolve(String key) {
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root) || key.isBlank()) {
            throw new IllegalArgumentException("key outside the target: " + key);
        }
        return path;
    }
}
