package io.consistentcrud.e2e.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.consistentcrud.sample.SampleApp;
import io.consistentcrud.sample.SampleStack;
import io.consistentcrud.testing.LocalDynamoDb;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;

/**
 * The local mode as users start it: {@code java -jar <local jar> --port N}, in its own process. Standard output
 * carries exactly one line, the base URL, once the API serves.
 */
class LocalJarTest {
    private static LocalJar jar;

    @BeforeAll
    static void startTheJar() throws Exception {
        jar = LocalJar.start("local-jar");
    }

    @AfterAll
    static void stopTheJar() throws InterruptedException {
        if (jar != null) {
            assertThat(jar.stop()).as("the local jar stops on SIGTERM").isTrue();
        }
    }

    @Test
    void theRunnableJar_printsOnlyTheBaseUrl_onceReady_andServesTheApi() throws Exception {
        assertThat(jar.baseUrl()).as("stderr is in %s", jar.stderr()).isEqualTo("http://127.0.0.1:" + jar.port());

        // The sample's stage, under which the gateway serves every path too (the Location below is under it).
        Template.fromStack(new SampleStack(new App(), SampleApp.STACK_NAME, StackProps.builder().build()))
                .hasResourceProperties("AWS::ApiGateway::Stage", Map.of("StageName", LocalJar.SAMPLE_STAGE));
        HttpApi api = new HttpApi(jar.baseUri(), LocalJar.SAMPLE_STAGE);
        HttpApi.Answer created = api.post("/users", "{\"name\":\"Jar\"}", Map.of());
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        assertThat(api.get(created.header("Location").orElseThrow()).status()).isEqualTo(200);

        assertThat(Files.readAllLines(jar.stdout())).as("nothing but the base URL on standard output")
                .containsExactly(jar.baseUrl());
    }

    /**
     * DynamoDB Local accepts any signature: listening beyond loopback would open every table, bookkeeping and
     * idempotency records included, to anyone who can reach the machine.
     */
    @Test
    void everythingTheLocalModeStarts_listensOnLoopbackOnly() {
        assumeTrue(ListeningSockets.supported(), "reads /proc (Linux)");

        List<InetSocketAddress> listening = ListeningSockets.of(jar.process().pid());

        // Control: the reading sees the gateway's socket and the embedded DynamoDB Local's, so it sees the process.
        assertThat(listening).as("%s", listening).hasSizeGreaterThanOrEqualTo(2);
        assertThat(listening).extracting(InetSocketAddress::getPort).contains(jar.port());
        assertThat(listening).allSatisfy(a -> assertThat(a.getAddress().isLoopbackAddress())
                .as("%s listens beyond loopback (all: %s)", a, listening).isTrue());
    }
}
