package io.consistentcrud.cdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The construct's parts take the names they share from the contract module or from their own package, never from
 * the {@code ConsistentCrudApi} facade that orchestrates them: the facade depends on its parts, not the other way.
 */
class InternalsUseNoFacadeTest {
    private static final Path INTERNAL = Path.of("src/main/java/io/consistentcrud/cdk/internal");

    @Test
    void noInternalClassNamesTheConsistentCrudApiFacadeInCode() throws IOException {
        try (Stream<Path> sources = Files.list(INTERNAL)) {
            List<String> offending = sources.filter(p -> p.toString().endsWith(".java"))
                    .flatMap(p -> codeLines(p).stream()
                            .filter(line -> line.matches(".*\\bConsistentCrudApi\\b(?![A-Za-z]).*")
                                    && !line.matches(".*\"[^\"]*ConsistentCrudApi[^\"]*\".*"))
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
            throw new java.io.UncheckedIOException(e);
        }
    }
}
