package io.consistentcrud.e2e.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.consistentcrud.runtime.testing.LocalDynamoDb;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The local mode as users start it: {@code java -jar <local jar> --port N}, in its own process. Standard output
 * carries exactly one line, the base URL, once the API serves.
 */
class LocalJarTest {
    @Test
    void theRunnableJar_printsOnlyTheBaseUrl_onceReady_andServesTheApi() throws Exception {
        Path jar = localJar();
        int port = LocalDynamoDb.freePort();
        Path log = Path.of("target", "local-jar.log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--port", Integer.toString(port))
                .redirectError(log.toFile());
        builder.environment().put("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
        long started = System.nanoTime();
        Process process = builder.start();
        try (BufferedReader stdout = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line = CompletableFuture.supplyAsync(() -> readLine(stdout)).get(180, TimeUnit.SECONDS);
            System.err.printf("local jar ready in %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            assertThat(line).as("stderr is in %s", log).isEqualTo("http://127.0.0.1:" + port);

            HttpApi api = new HttpApi(java.net.URI.create(line));
            HttpApi.Answer created = api.post("/users", "{\"name\":\"Jar\"}", Map.of());
            assertThat(created.status()).as("%s", created).isEqualTo(201);
            assertThat(api.get(created.header("Location").orElseThrow()).status()).isEqualTo(200);

            process.destroy();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            List<String> rest = stdout.lines().toList();
            assertThat(rest).as("nothing but the base URL on standard output").isEmpty();
        } finally {
            process.destroyForcibly();
        }
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path localJar() throws java.io.IOException {
        try (Stream<Path> files = Files.list(Path.of("..", "sample-app", "target"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-local.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("build sample-app first: no *-local.jar in "
                            + "sample-app/target"));
        }
    }
}
