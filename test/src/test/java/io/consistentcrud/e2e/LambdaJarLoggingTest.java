package io.consistentcrud.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The Lambda jar binds SLF4J (the AWS SDK's logging facade) to its no-op logger: a cold start prints no SLF4J
 * warning to standard error (three log events per cold start in CloudWatch otherwise), and the binding is optional in
 * the runtime's POM, so a team's own function keeps its own (the example consumer's dependency check proves that by
 * coordinates).
 */
class LambdaJarLoggingTest {
    /** Run in a fresh JVM on the class path under test: logs once through SLF4J, as the SDK does. */
    public static final class Probe {
        public static void main(String[] args) {
            org.slf4j.LoggerFactory.getLogger("consistentcrud.probe").warn("probe");
            System.out.println("probed");
        }
    }

    private static Path lambdaJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("../lambda-runtime/target"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-lambda.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no Lambda jar: build lambda-runtime first"));
        }
    }

    private static String stderrOfProbe(Path... classpath) throws Exception {
        Path probeClasses = Path.of(Probe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        StringBuilder cp = new StringBuilder(probeClasses.toString());
        for (Path p : classpath) {
            cp.append(File.pathSeparator).append(p);
        }
        Path err = Files.createTempFile("slf4j-probe", ".err");
        try {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", cp.toString(), Probe.class.getName())
                    .redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
            return Files.readString(err, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(err);
        }
    }

    @Test
    void lambdaJar_aColdStartPrintsNoSlf4jWarning() throws Exception {
        assertThat(stderrOfProbe(lambdaJar())).doesNotContain("SLF4J");
    }

    /** Control: the SDK's slf4j-api alone, as the Lambda jar was before, warns; so the check above can fail. */
    @Test
    void control_slf4jApiWithoutABindingWarns() throws Exception {
        Path api = Path.of(org.slf4j.LoggerFactory.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertThat(stderrOfProbe(api)).contains("SLF4J:");
    }

    @Test
    void lambdaJar_holdsOneBinding_andTheRuntimePomMarksItOptional() throws Exception {
        try (ZipFile jar = new ZipFile(lambdaJar().toFile())) {
            assertThat(jar.getEntry("org/slf4j/impl/StaticLoggerBinder.class")).isNotNull();
        }
        String pom = Files.readString(Path.of("../lambda-runtime/pom.xml"));
        int nop = pom.indexOf("<artifactId>slf4j-nop</artifactId>");
        assertThat(nop).isPositive();
        String dependency = pom.substring(nop, pom.indexOf("</dependency>", nop));
        assertThat(List.of(dependency.split("\\s+"))).contains("<optional>true</optional>");
    }
}
