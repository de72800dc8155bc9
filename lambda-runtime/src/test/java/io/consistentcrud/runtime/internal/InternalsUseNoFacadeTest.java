package io.consistentcrud.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The store's machinery takes the names it shares from the contract module or from its own packages, never from the
 * public facades ({@code ConsistentStore}, {@code BoundStore}) built on it: the facades depend on it, not the other
 * way.
 */
class InternalsUseNoFacadeTest {
    private static final Path INTERNAL = Path.of("src/main/java/io/consistentcrud/runtime/internal");

    @Test
    void noInternalClassNamesAFacadeInCode() throws IOException {
        try (Stream<Path> sources = Files.walk(INTERNAL)) {
            List<String> offending = sources.filter(p -> p.toString().endsWith(".java"))
                    .flatMap(p -> codeLines(p).stream()
                            .filter(line -> line.matches(".*\\b(ConsistentStore|BoundStore)\\b.*"))
                            .map(line -> p.getFileName() + ": " + line.trim()))
                    .toList();
            assertThat(offending).isEmpty();
        }
    }

    private static List<String> codeLines(Path source) {
        try {
            return Files.readAllLines(source).stream()
                    .filter(line -> !line.trim().startsWith("*") && !line.trim().startsWith("/*")
                            && !line.trim().startsWith("//"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
