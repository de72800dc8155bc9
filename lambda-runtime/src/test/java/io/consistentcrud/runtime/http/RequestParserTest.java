package io.consistentcrud.runtime.http;

import static io.consistentcrud.runtime.http.HttpFixture.req;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.consistentcrud.runtime.ConsistentStore;
import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.TransactionOperation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The parser alone, without a store: each route becomes its typed command holding everything the store needs
 * (entity, key, preconditions, body, Idempotency-Key), and bad input is refused while parsing.
 */
class RequestParserTest {
    private static final Map<String, EntityDefinition> ENTITIES = new LinkedHashMap<>();

    static {
        HttpFixture.ENTITIES.forEach(e -> ENTITIES.put(e.name(), e));
    }

    private final RequestParser parser = new RequestParser(ENTITIES, true, HandlerOptions.DEFAULT_MAX_BODY_BYTES);

    private Command parse(HttpFixture.Req request) {
        ProxyRequest built = request.build();
        return parser.parse(Route.resolve(ENTITIES, built.resource(), built.method()), built);
    }

    @Test
    void aKeyedCreateDerivesItsIdFromTheKeyAndCarriesTheKey() {
        Command command = parse(req("POST", "/users").header("Idempotency-Key", "k-1").caller("alice")
                .json("{\"name\":\"Ann\"}"));

        assertThat(command).isInstanceOf(Command.Create.class);
        Command.Create create = (Command.Create) command;
        String id = ConsistentStore.derivedId(HttpFixture.USERS, "alice", "k-1");
        assertThat(create.item()).containsEntry("userId", AttributeValue.fromS(id))
                .containsEntry("name", AttributeValue.fromS("Ann"));
        assertThat(create.location()).isEqualTo("/prod/users/" + id);
        assertThat(create.origin().idempotencyKey()).contains("k-1");
        assertThat(create.origin().caller()).isEqualTo("alice");
    }

    @Test
    void itemRoutesBecomeTheirCommandsWithKeyAndPreconditions() {
        Map<String, AttributeValue> key = Map.of("userId", AttributeValue.fromS("u1"));
        assertThat(parse(req("GET", "/users/{userId}").path("userId", "u1")))
                .isEqualTo(new Command.Get(HttpFixture.USERS, key));

        Command.Replace create = (Command.Replace) parse(req("PUT", "/users/{userId}").path("userId", "u1")
                .header("If-None-Match", "*").json("{\"name\":\"A\"}"));
        assertThat(create.expectedVersion()).isEqualTo(OptionalLong.empty());
        assertThat(create.item()).containsEntry("userId", AttributeValue.fromS("u1"));
        assertThat(create.location()).isEqualTo("/prod/users/u1");

        Command.Replace replace = (Command.Replace) parse(req("PUT", "/users/{userId}").path("userId", "u1")
                .header("If-Match", "\"3\"").json("{\"name\":\"B\"}"));
        assertThat(replace.expectedVersion()).isEqualTo(OptionalLong.of(3));

        Command.Merge merge = (Command.Merge) parse(req("PATCH", "/users/{userId}").path("userId", "u1")
                .header("If-Match", "\"4\"").json("{\"name\":null}"));
        assertThat(merge.key()).isEqualTo(key);
        assertThat(merge.expectedVersion()).isEqualTo(4);
        assertThat(merge.changes()).containsEntry("name", AttributeValue.fromNul(true));

        Command.Increment increment = (Command.Increment) parse(req("POST", "/counters/{counterId}/increment")
                .path("counterId", "7").json("{\"hits\":2}"));
        assertThat(increment.key()).isEqualTo(Map.of("counterId", AttributeValue.fromN("7")));
        assertThat(increment.deltas()).isEqualTo(Map.of("hits", "2"));
        assertThat(increment.expectedVersion()).isEmpty();

        Command.Delete delete = (Command.Delete) parse(req("DELETE", "/users/{userId}").path("userId", "u1")
                .header("If-Match", "\"5\""));
        assertThat(delete.expectedVersion()).isEqualTo(5);
        assertThat(delete.origin().idempotencyKey()).isEqualTo(Optional.empty());
    }

    @Test
    void aPartitionQueryAndATransactionBecomeTheirCommands() {
        Command.Query query = (Command.Query) parse(req("GET", "/orders/{customerId}").path("customerId", "c1")
                .query("limit", "7"));
        assertThat(query.partitionKey()).isEqualTo(AttributeValue.fromS("c1"));
        assertThat(query.limit()).isEqualTo(7);
        assertThat(query.start()).isNull();

        Command.Transact transact = (Command.Transact) parse(req("POST", "/transactions").json("{\"operations\":["
                + "{\"op\":\"create\",\"entity\":\"users\",\"item\":{\"userId\":\"t1\"}},"
                + "{\"op\":\"delete\",\"entity\":\"products\",\"key\":{\"productId\":\"p1\"},\"expectedVersion\":2}]}"));
        assertThat(transact.operations()).extracting(TransactionOperation::index).containsExactly(0, 1);
        assertThat(transact.operations()).extracting(op -> op.entity().name()).containsExactly("users", "products");
    }

    @Test
    void theSameRequestHasTheSameFingerprint_anotherKeyInThePathAnother() {
        HttpFixture.Req first = req("PATCH", "/users/{userId}").path("userId", "u1").header("If-Match", "\"1\"")
                .json("{\"a\":1}");
        HttpFixture.Req again = req("PATCH", "/users/{userId}").path("userId", "u1").header("If-Match", "\"1\"")
                .json("{\"a\":1}");
        HttpFixture.Req otherItem = req("PATCH", "/users/{userId}").path("userId", "u2").header("If-Match", "\"1\"")
                .json("{\"a\":1}");

        String fingerprint = ((Command.Write) parse(first)).origin().fingerprint();
        assertThat(((Command.Write) parse(again)).origin().fingerprint()).isEqualTo(fingerprint);
        assertThat(((Command.Write) parse(otherItem)).origin().fingerprint()).isNotEqualTo(fingerprint);
    }

    @Test
    void badInputIsRefusedWhileParsing_theIdempotencyKeyFirst() {
        // Both the key and the body are bad: the key is checked first, as the problem it answers shows.
        assertThatThrownBy(() -> parse(req("POST", "/users").header("Idempotency-Key", "not a key").json("[")))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.problem().type()).isEqualTo(ProblemType.INVALID_IDEMPOTENCY_KEY));
        // Preconditions before the body.
        assertThatThrownBy(() -> parse(req("DELETE", "/users/{userId}").path("userId", "u1")))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.problem().type()).isEqualTo(ProblemType.PRECONDITION_REQUIRED));
        assertThatThrownBy(() -> parse(req("PATCH", "/users/{userId}").path("userId", "u1").json("[")))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.problem().type()).isEqualTo(ProblemType.PRECONDITION_REQUIRED));
    }

    @Test
    void withoutAnIdempotencyTableAKeyedWriteIsRefused_aKeyedReadIsNot() {
        RequestParser keyless = new RequestParser(ENTITIES, false, HandlerOptions.DEFAULT_MAX_BODY_BYTES);
        ProxyRequest write = req("DELETE", "/users/{userId}").path("userId", "u1").header("If-Match", "\"1\"")
                .header("Idempotency-Key", "k").build();
        ProxyRequest read = req("GET", "/users/{userId}").path("userId", "u1").header("Idempotency-Key", "k").build();

        assertThatThrownBy(() -> keyless.parse(Route.resolve(ENTITIES, write.resource(), write.method()), write))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.problem().type()).isEqualTo(ProblemType.INVALID_IDEMPOTENCY_KEY));
        assertThat(keyless.parse(Route.resolve(ENTITIES, read.resource(), read.method()), read))
                .isInstanceOf(Command.Get.class);
    }
}
