package io.consistentcrud.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.consistentcrud.cdk.ConsistentCrudApi;
import io.consistentcrud.cdk.EntitySpec;
import io.consistentcrud.cdk.LambdaRuntimeAsset;
import io.consistentcrud.runtime.DeadlineExceededException;
import io.consistentcrud.runtime.WriteContext;
import io.consistentcrud.runtime.config.BoundStore;
import io.consistentcrud.runtime.config.RuntimeConfiguration;
import io.consistentcrud.testing.InvocationContext;
import io.consistentcrud.testing.FaultProxy;
import io.consistentcrud.testing.LocalDynamoDb;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * G4/G5 for a function of one's own: the example consumer's restock handler ({@code examples/platform-team}), its
 * source compiled as it is, run as Lambda runs it — in a JVM of its own per invocation, its store built from the
 * environment {@code bindStore} synthesizes — and invoked twice for one delivery, as Lambda does when an
 * invocation fails or a message is delivered again. The stock must grow by the delivery's quantity once.
 */
class RestockExampleInvokedTwiceTest {
    private static final Path HANDLER_SOURCE =
            Path.of("../examples/platform-team/src/main/java/com/example/orders/restock/RestockHandler.java");
    private static final String HANDLER_CLASS = "com.example.orders.restock.RestockHandler";
    private static final String RESULT = "RESULT ";

    private static LocalDynamoDb engine;
    private static FaultProxy proxy;
    private static Map<String, String> environment;
    /** The store on DynamoDB Local itself, past the proxy: seeds and reads. */
    private static BoundStore direct;
    private static Path handlerClasses;

    @BeforeAll
    static void synthCompileAndStart() throws IOException {
        Stack stack = new Stack(new App(), "Restock");
        ConsistentCrudApi api = ConsistentCrudApi.Builder.create(stack, "Api")
                .entities(List.of(EntitySpec.builder().name("products").partitionKey(Attribute.builder()
                        .name("productId").type(AttributeType.STRING).build()).build()))
                .build();
        Function restock = Function.Builder.create(stack, "Restock")
                .runtime(ConsistentCrudApi.JAVA_RUNTIME)
                .code(LambdaRuntimeAsset.code())
                .handler(HANDLER_CLASS + "::handleRequest")
                .timeout(software.amazon.awscdk.Duration.seconds(30))
                .build();
        api.bindStore(restock, "products");
        Map<String, String> bound = DeployedEnvironment.of(Template.fromStack(stack), HANDLER_CLASS + "::handleRequest");

        engine = LocalDynamoDb.server();
        RuntimeConfiguration config = RuntimeConfiguration.fromEnvironment(bound);
        config.entities().values().forEach(engine::createTable);
        engine.createIdempotencyTable(config.idempotencyTable().orElseThrow());
        // Resets only: a lost answer costs no attempt timeout, so a run of them reaches the deadline quickly.
        proxy = FaultProxy.start(engine.endpoint(), 0, 0, 20261206L, Duration.ofSeconds(3));
        environment = new HashMap<>(bound);
        environment.put(RuntimeConfiguration.ENV_DYNAMODB_ENDPOINT, proxy.endpoint().toString());
        direct = BoundStore.with(config, engine.client());
        handlerClasses = compileTheExamplesHandler();
    }

    @AfterAll
    static void stop() {
        proxy.close();
        engine.close();
    }

    @AfterEach
    void faultsOff() {
        proxy.writeFaultRate(0);
    }

    private static Path compileTheExamplesHandler() throws IOException {
        Path out = Files.createTempDirectory("restock-handler");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, "--release", "17", "-classpath",
                System.getProperty("java.class.path"), "-d", out.toString(), HANDLER_SOURCE.toString());
        assertThat(status).as("javac " + HANDLER_SOURCE).isZero();
        return out;
    }

    private static void seed(String productId) {
        Instant now = Instant.now();
        direct.store().create(direct.entity("products"),
                Map.of("productId", AttributeValue.fromS(productId), "stock", AttributeValue.fromN("0")),
                WriteContext.builder().requestToken("seed-" + productId).time(now).deadline(now.plusSeconds(10)).build());
    }

    private static long stock(String productId) {
        return Long.parseLong(direct.store().get(direct.entity("products"),
                Map.of("productId", AttributeValue.fromS(productId))).orElseThrow().attributes().get("stock").n());
    }

    /** One invocation in a JVM of its own, as Lambda runs the handler: what it answered, or how it failed. */
    private static String invoke(String deliveryId, String productId, int quantity, Duration remaining) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path") + File.pathSeparator + handlerClasses,
                Invoke.class.getName(), HANDLER_CLASS, Long.toString(remaining.toMillis()),
                deliveryId, productId, Integer.toString(quantity)));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the invocation ended").isTrue();
            return output.lines().filter(line -> line.startsWith(RESULT)).findFirst()
                    .map(line -> line.substring(RESULT.length())).orElseThrow(() -> new AssertionError(output));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void g5_theExamplesRestockHandler_invokedTwiceForOneDelivery_addsTheStockOnce() {
        seed("lamp");

        String first = invoke("d-42", "lamp", 5, Duration.ofSeconds(10));
        String second = invoke("d-42", "lamp", 5, Duration.ofSeconds(10));

        assertThat(first).isEqualTo("{result=Written}");
        assertThat(second).isEqualTo("{result=Replayed}");
        assertThat(stock("lamp")).isEqualTo(5);
        assertThat(invoke("d-43", "lamp", 5, Duration.ofSeconds(10))).as("another delivery")
                .isEqualTo("{result=Written}");
        assertThat(stock("lamp")).isEqualTo(10);
    }

    @Test
    void g5_theExamplesRestockHandler_whoseFirstInvocationLostEveryAnswer_addsTheStockOnce_whereTheKeylessWayAddsTwice() {
        seed("desk");
        seed("desk-control");

        // The first invocation's increment commits, but no answer reaches it before its deadline: it fails, and
        // Lambda invokes it again for the same delivery.
        proxy.writeFaultRate(1);
        int faultsBefore = proxy.faultsInjected();
        assertThat(invoke("d-44", "desk", 5, Duration.ofSeconds(4)))
                .startsWith("failed " + DeadlineExceededException.class.getName());
        int faults = proxy.faultsInjected() - faultsBefore;
        proxy.writeFaultRate(0);
        assertThat(invoke("d-44", "desk", 5, Duration.ofSeconds(10))).isEqualTo("{result=Replayed}");

        assertThat(faults).as("answers lost in the first invocation").isPositive();
        assertThat(stock("desk")).isEqualTo(5);

        // Control: the same two invocations, the delivery id as a request token without a key (what the handler did).
        BoundStore bound = BoundStore.fromEnvironment(environment);
        proxy.writeFaultRate(1);
        assertThatThrownBy(() -> keylessRestock(bound, "d-44", "desk-control", Duration.ofSeconds(3)))
                .isInstanceOf(DeadlineExceededException.class);
        proxy.writeFaultRate(0);
        keylessRestock(bound, "d-44", "desk-control", Duration.ofSeconds(10));
        assertThat(stock("desk-control")).as("the keyless way adds the delivery twice").isEqualTo(10);
        bound.client().close();
    }

    private static void keylessRestock(BoundStore bound, String deliveryId, String productId, Duration remaining) {
        Instant now = Instant.now();
        bound.store().increment(bound.entity("products"), Map.of("productId", AttributeValue.fromS(productId)),
                Map.of("stock", "5"), OptionalLong.empty(), WriteContext.builder()
                        .requestToken("restock-" + deliveryId).caller("restock").time(now)
                        .deadline(now.plus(remaining)).build());
    }

    /** The entry point of one invocation's JVM: {@code handler remainingMillis deliveryId productId quantity}. */
    public static final class Invoke {
        private Invoke() {
        }

        @SuppressWarnings("unchecked")
        public static void main(String[] args) throws ReflectiveOperationException {
            RequestHandler<Map<String, Object>, Map<String, Object>> handler =
                    (RequestHandler<Map<String, Object>, Map<String, Object>>) Class.forName(args[0])
                            .getDeclaredConstructor().newInstance();
            Map<String, Object> delivery = Map.of("deliveryId", args[2], "productId", args[3],
                    "quantity", Integer.valueOf(args[4]));
            InvocationContext context = InvocationContext.builder().functionName("restock").functionVersion("1")
                    .remaining(Duration.ofMillis(Long.parseLong(args[1]))).build();
            try {
                System.out.println(RESULT + handler.handleRequest(delivery, context));
            } catch (RuntimeException e) {
                System.out.println(RESULT + "failed " + e.getClass().getName() + ": " + e.getMessage());
            }
        }
    }
}
