package io.shopwatch.common.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code io.shopwatch.common.security} is shared by auth-service, the gateway and the services: it may use the
 * JDK and jjwt, nothing of Spring and nothing else of ShopWatch. (Its Spring glue lives in the sub-package {@code servlet}.)
 */
class TokenPackageIndependenceTest {

    @Test
    void tokenPackage_importsOnlyTheJdkAndJjwt() throws IOException {
        Path dir = Path.of("src/main/java/io/shopwatch/common/security");
        List<String> imports;
        try (Stream<Path> files = Files.list(dir).filter(Files::isRegularFile)) {
            imports = files.flatMap(file -> {
                        try {
                            return Files.readAllLines(file).stream();
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .filter(line -> line.startsWith("import "))
                    .toList();
        }

        assertThat(imports).isNotEmpty().allSatisfy(line -> assertThat(line)
                .matches("import (static )?(java\\.|javax\\.|io\\.jsonwebtoken\\.).*"));
    }
}
