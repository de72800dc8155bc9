package io.consistentcrud.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Internals take the names they share from the contract module or from their own packages, never from the public
 * facades built on them: the facades depend on their parts, not the other way. A scan of the internal packages'
 * sources (code lines, not comments or strings) for the facades' names.
 */
class InternalsUseNoFacadeTest {
    @Test
    void theStoresMachineryNamesNeitherConsistentStoreNorBoundStore() {
        assertThat(uses(Path.of("../lambda-runtime/src/main/java/io/consistentcrud/runtime/internal"),
                Pattern.compile("\\b(ConsistentStore|BoundStore)\\b"))).isEmpty();
    }

    @Test
    void theConstructsPartsNameNotTheConsistentCrudApiFacade() {
        assertThat(uses(Path.of("../lib/src/main/java/io/consistentcrud/cdk/internal"),
                Pattern.compile("\\bConsistentCrudApi\\b(?![A-Za-z])"))).isEmpty();
    }

    /** Each code line below {@code root} that names the facade, outside comments and string literals. */
    private static List<String> uses(Path root, Pattern facade) {
        assertThat(root).isDirectory();
        try (Stream<Path> sources = Files.walk(root)) {
            return sources.filter(p -> p.toString().endsWith(".java"))
                    .flatMap(p -> lines(p).stream()
                            .filter(line -> !line.startsWith("*") && !line.startsWith("/*") && !line.startsWith("//"))
                            .filter(line -> facade.matcher(line.replaceAll("\"[^\"]*\"", "\"\"")).find())
                            .map(line -> p.getFileName() + ": " + line))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(Path source) {
        try {
            return Files.readAllLines(source).stream().map(String::trim).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
