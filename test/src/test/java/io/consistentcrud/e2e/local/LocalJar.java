package io.consistentcrud.e2e.local;

import io.consistentcrud.testing.LocalDynamoDb;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The local mode as users start it, {@code java -jar <local jar> --port N}, in a process of its own: its base URL
 * (the one line it prints once ready), and what Linux's {@code /proc} says about the process (resident memory,
 * threads) for the suites that watch the gateway under load.
 */
final class LocalJar implements AutoCloseable {
    /**
     * The sample API's stage: it sets none, so the construct's default ({@code ConsistentCrudApiProps.getStageName()}),
     * which {@code LocalJarTest} checks against the synthesized template.
     */
    static final String SAMPLE_STAGE = "prod";

    private final Process process;
    private final int port;
    private final String baseUrl;
    private final Path stdout;
    private final Path stderr;

    private LocalJar(Process process, int port, String baseUrl, Path stdout, Path stderr) {
        this.process = process;
        this.port = port;
        this.baseUrl = baseUrl;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Starts the jar built in {@code sample-app/target} on a free port and waits until it printed its base URL.
     *
     * @param name names the files standard output and error go to, {@code target/<name>.out} and {@code .log}
     */
    static LocalJar start(String name, String... jvmOptions) throws IOException, InterruptedException {
        Path jar = localJar();
        int port = LocalDynamoDb.freePort();
        Path out = Path.of("target", name + ".out");
        Path err = Path.of("target", name + ".log");
        Files.createDirectories(out.getParent());
        Files.deleteIfExists(out);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-jar", jar.toString(), "--port", Integer.toString(port)));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
        long started = System.nanoTime();
        Process process = builder.start();
        String baseUrl = firstLine(out, err, process);
        System.err.printf("local jar ready in %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return new LocalJar(process, port, baseUrl, out, err);
    }

    Process process() {
        return process;
    }

    int port() {
        return port;
    }

    /** The first line the jar printed (the base URL, when it works). */
    String baseUrl() {
        return baseUrl;
    }

    URI baseUri() {
        return URI.create(baseUrl);
    }

    Path stdout() {
        return stdout;
    }

    Path stderr() {
        return stderr;
    }

    /** The process's resident memory, in bytes ({@code VmRSS} of {@code /proc/<pid>/status}). */
    long residentBytes() throws IOException {
        return statusField("VmRSS:") * 1024;
    }

    /** The process's live threads ({@code Threads} of {@code /proc/<pid>/status}). */
    long threads() throws IOException {
        return statusField("Threads:");
    }

    private long statusField(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException("no " + field + " in /proc/" + process.pid() + "/status");
    }

    /** Stops the jar with SIGTERM; true when it stopped within 30 s (it is killed otherwise). */
    boolean stop() throws InterruptedException {
        process.destroy();
        boolean stopped = process.waitFor(30, TimeUnit.SECONDS);
        if (!stopped) {
            process.destroyForcibly();
        }
        return stopped;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }

    /** Waits for the process's first complete line of output, or fails when it exits first. */
    private static String firstLine(Path stdout, Path stderr, Process process) throws IOException,
            InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            String text = Files.exists(stdout) ? Files.readString(stdout, StandardCharsets.UTF_8) : "";
            int newline = text.indexOf('\n');
            if (newline >= 0) {
                return text.substring(0, newline);
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the local jar exited with " + process.exitValue()
                        + " before it was ready; see " + stderr);
            }
            Thread.sleep(50);
        }
        process.destroyForcibly();
        throw new IllegalStateException("the local jar printed no line within 180 s; see " + stderr);
    }

    private static Path localJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("..", "sample-app", "target"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-local.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("build sample-app first: no *-local.jar in "
                            + "sample-app/target"));
        }
    }
}
