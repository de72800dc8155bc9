package io.consistentcrud.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.consistentcrud.contract.EntitiesDocument;
import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.KeyAttribute;
import io.consistentcrud.runtime.VersionedItem;
import io.consistentcrud.runtime.WriteContext;
import io.consistentcrud.runtime.config.BoundStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The kit gives a team's own handler the store bindStore gives it, on DynamoDB Local, with nothing to configure. */
class LocalStoreTest {
    private static final EntityDefinition PRODUCTS = EntityDefinition.builder()
            .name("products").tableName("products-table").partitionKey(KeyAttribute.string("productId")).build();
    private static final Map<String, AttributeValue> LAMP = Map.of("productId", AttributeValue.fromS("lamp"));

    /** A team's handler as docs/testing.md writes it: the store comes in through the constructor. */
    static final class Restock {
        private final BoundStore store;

        Restock(BoundStore store) {
            this.store = store;
        }

        void handle(String deliveryId, int quantity, com.amazonaws.services.lambda.runtime.Context context) {
            Instant now = Instant.now();
            store.store().increment(store.entity("products"), LAMP, Map.of("stock", String.valueOf(quantity)),
                    OptionalLong.empty(), WriteContext.builder().requestToken("restock-" + deliveryId)
                            .caller(context.getInvokedFunctionArn()).time(now)
                            .deadline(now.plusMillis(context.getRemainingTimeInMillis() - 1_000)).build());
        }
    }

    private static void seedLamp(LocalStore local) {
        Instant now = Instant.now();
        local.boundStore().store().create(PRODUCTS,
                Map.of("productId", AttributeValue.fromS("lamp"), "stock", AttributeValue.fromN("0")),
                WriteContext.builder().requestToken("seed-lamp").caller("test").time(now).deadline(now.plusSeconds(5)).build());
    }

    @Test
    void kit_aTeamsInjectableHandlerRunsOnTheBoundStoreWithNothingToConfigure() {
        try (LocalStore local = LocalStore.of(PRODUCTS)) {
            seedLamp(local);
            new Restock(local.boundStore()).handle("d-1", 5,
                    InvocationContext.builder().remaining(Duration.ofSeconds(10)).build());

            Optional<VersionedItem> lamp = local.boundStore().store().get(local.entity("products"), LAMP);
            assertThat(lamp).get().extracting(item -> item.attributes().get("stock").n()).isEqualTo("5");
            assertThat(local.configuration().idempotencyTable()).contains(LocalStore.IDEMPOTENCY_TABLE);
            assertThat(local.client().listTables().tableNames())
                    .containsExactlyInAnyOrder("products-table", LocalStore.IDEMPOTENCY_TABLE);
        }
    }

    @Test
    void kit_theEntitiesDocumentOfTheEnvironmentMakesTheSameTables() {
        String json = String.format("[{\"%s\":\"products\",\"%s\":\"products-table\",\"%s\":{\"%s\":\"productId\",\"%s\":\"%s\"}}]",
                EntitiesDocument.NAME, EntitiesDocument.TABLE, EntitiesDocument.PARTITION_KEY, EntitiesDocument.NAME,
                EntitiesDocument.TYPE, EntitiesDocument.TYPE_STRING);
        try (LocalStore local = LocalStore.ofEntitiesJson(json)) {
            assertThat(local.entity("products")).isEqualTo(PRODUCTS);
            assertThat(local.client().listTables().tableNames()).contains("products-table");
        }
        assertThatThrownBy(() -> LocalStore.of(PRODUCTS).entity("orders"))
                .hasMessageContaining("no entity 'orders'").hasMessageContaining("[products]");
    }

    @Test
    void kit_lostAnswersThroughTheFaultProxyStillAddEachDeliveryOnce() {
        try (LocalStore local = LocalStore.of(PRODUCTS);
             FaultProxy proxy = FaultProxy.start(local.endpoint(), 0.5, 0.0, 7, Duration.ofSeconds(5))) {
            seedLamp(local);
            Restock restock = new Restock(local.boundStore(proxy.endpoint()));
            int invocations = 0;
            for (int delivery = 1; delivery <= 10; delivery++) {
                // Lambda retries a failed invocation with the same event: so does the test, until one succeeds.
                boolean done = false;
                while (!done) {
                    invocations++;
                    try {
                        restock.handle("d-" + delivery, 1,
                                InvocationContext.builder().remaining(Duration.ofSeconds(10)).build());
                        done = true;
                    } catch (RuntimeException lostEveryAttempt) {
                        // the next invocation carries the same delivery id
                    }
                }
            }

            assertThat(proxy.faultsInjected()).as("control: answers were lost after the commit").isPositive();
            assertThat(proxy.writesSeen()).as("control: retried writes reached DynamoDB").isGreaterThan(10);
            assertThat(local.boundStore().store().get(PRODUCTS, LAMP)).get()
                    .extracting(item -> item.attributes().get("stock").n())
                    .as("%d invocations, %d lost answers", invocations, proxy.faultsInjected()).isEqualTo("10");
        }
    }

    @Test
    void kit_theEngineListensOn127001Only() throws IOException {
        try (LocalStore local = LocalStore.of(PRODUCTS)) {
            int port = local.endpoint().getPort();
            assertThat(local.endpoint().getHost()).isEqualTo("127.0.0.1");
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address.isLoopbackAddress()) {
                        continue;
                    }
                    try (Socket socket = new Socket()) {
                        assertThatThrownBy(() -> socket.connect(new InetSocketAddress(address, port), 1_000))
                                .as("port %d on %s", port, address).isInstanceOf(IOException.class);
                    }
                }
            }
        }
    }
}
