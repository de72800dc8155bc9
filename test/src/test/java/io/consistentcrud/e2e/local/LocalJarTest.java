package io.consistentcrud.e2e.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.consistentcrud.testing.LocalDynamoDb;
import java.nio.charset.StandardCharsets;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The local mode as users start it: {@code java -jar <local jar> --port N}, in its own process. Standard output
 * carries exactly one line, the base URL, once the API serves.
 */
class LocalJarTest {
    private static Process process;
    private static String baseUrl;
    private static int port;
    private static final Path STDOUT = Path.of("target", "local-jar.out");
    private static final Path STDERR = Path.of("target", "local-jar.log");

    @BeforeAll
    static void startTheJar() throws Exception {
        Path jar = localJar();
        port = LocalDynamoDb.freePort();
        Files.createDirectories(STDOUT.getParent());
        Files.deleteIfExists(STDOUT);
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--port", Integer.toString(port))
                .redirectOutput(STDOUT.toFile())
                .redirectError(STDERR.toFile());
        builder.environment().put("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
        long started = System.nanoTime();
        process = builder.start();
        baseUrl = firstLine(STDOUT, process);
        System.err.printf("local jar ready in %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    @AfterAll
    static void stopTheJar() throws InterruptedException {
        if (process != null) {
            process.destroy();
            boolean stopped = process.waitFor(30, TimeUnit.SECONDS);
            if (!stopped) {
                process.destroyForcibly();
            }
            assertThat(stopped).as("the local jar stops on SIGTERM").isTrue();
        }
    }

    @Test
    void theRunnableJar_printsOnlyTheBaseUrl_onceReady_andServesTheApi() throws Exception {
        assertThat(baseUrl).as("stderr is in %s", STDERR).isEqualTo("http://127.0.0.1:" + port);

        HttpApi api = new HttpApi(java.net.URI.create(baseUrl));
        HttpApi.Answer created = api.post("/users", "{\"name\":\"Jar\"}", Map.of());
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        assertThat(api.get(created.header("Location").orElseThrow()).status()).isEqualTo(200);

        assertThat(Files.readAllLines(STDOUT)).as("nothing but the base URL on standard output")
                .containsExactly(baseUrl);
    }

    /**
     * DynamoDB Local accepts any signature: listening beyond loopback would open every table, bookkeeping and
     * idempotency records included, to anyone who can reach the machine.
     */
    @Test
    void everythingTheLocalModeStarts_listensOnLoopbackOnly() {
        assumeTrue(ListeningSockets.supported(), "reads /proc (Linux)");

        List<InetSocketAddress> listening = ListeningSockets.of(process.pid());

        // Control: the reading sees the gateway's socket and the embedded DynamoDB Local's, so it sees the process.
        assertThat(listening).as("%s", listening).hasSizeGreaterThanOrEqualTo(2);
        assertThat(listening).extracting(InetSocketAddress::getPort).contains(port);
        assertThat(listening).allSatisfy(a -> assertThat(a.getAddress().isLoopbackAddress())
                .as("%s listens beyond loopback (all: %s)", a, listening).isTrue());
    }

    /** Waits for the process's first complete line of output, or fails when it exits first. */
    private static String firstLine(Path stdout, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            String text = Files.exists(stdout) ? Files.readString(stdout, StandardCharsets.UTF_8) : "";
            int newline = text.indexOf('\n');
            if (newline >= 0) {
                return text.substring(0, newline);
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the local jar exited with " + process.exitValue()
                        + " before it was ready; see target/local-jar.log");
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the local jar printed no line within 180 s; see target/local-jar.log");
    }

    private static Path localJar() throws java.io.IOException {
        try (Stream<Path> files = Files.list(Path.of("..", "sample-app", "target"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-local.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("build sample-app first: no *-local.jar in "
                            + "sample-app/target"));
        }
    }
}
