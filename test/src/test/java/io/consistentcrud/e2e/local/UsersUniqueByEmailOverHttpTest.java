package io.consistentcrud.e2e.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.consistentcrud.contract.UniqueValueSchema;
import io.consistentcrud.testing.Concurrently;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The sample's users, unique by email, over HTTP through the local gateway while the fault proxy loses 30% of the
 * committed write answers: of 8 sign-ups racing for one email exactly one answers 201 and 7 answer 409
 * unique-value-taken, the guard names the one stored user, and deleting users leaves no guard behind.
 */
class UsersUniqueByEmailOverHttpTest {
    @RegisterExtension
    static final LocalApi local = LocalApi.behindFaultProxy(2026_12_06L, o -> o);

    @AfterEach
    void faultsOff() {
        local.proxy().writeFaultRate(0);
    }

    private static List<String> guardKeysFor(String email) {
        return local.tables().guards().stream().map(g -> g.get(UniqueValueSchema.PARTITION_KEY).s())
                .filter(k -> k.contains("\"" + email + "\"")).toList();
    }

    private static List<Map<String, AttributeValue>> usersHolding(String email) {
        return local.tables().scan("users").stream().filter(u -> u.containsKey("email")
                && u.get("email").s().equals(email) && !u.containsKey("_ccaDeleted")).toList();
    }

    @Test
    void g20_eightSignUpsWithOneEmailUnderLostAnswers_oneCreated_sevenTaken_andDeletesFreeTheEmail() throws Exception {
        int faultsBefore = local.proxy().faultsInjected();
        List<String> emails = new ArrayList<>();
        local.proxy().writeFaultRate(0.3);
        for (int round = 0; round < 4; round++) {
            String email = "race-" + UUID.randomUUID() + "@example.org";
            emails.add(email);
            AtomicInteger next = new AtomicInteger();
            List<HttpApi.Answer> answers = Concurrently.run(8, () -> local.api().post("/users",
                    "{\"userId\":\"u" + next.getAndIncrement() + "-" + email.hashCode() + "\",\"name\":\"Racer\","
                            + "\"email\":\"" + email + "\"}", Map.of()));

            assertThat(answers).filteredOn(a -> a.status() == 201).hasSize(1);
            assertThat(answers).filteredOn(a -> a.status() == 409).hasSize(7).allSatisfy(a -> {
                assertThat(a.contentType()).startsWith("application/problem+json");
                assertThat(a.json().get("type").asString()).endsWith("unique-value-taken");
                assertThat(a.json().get("attribute").asString()).isEqualTo("email");
            });
            assertThat(usersHolding(email)).hasSize(1);
            assertThat(guardKeysFor(email)).hasSize(1);
        }
        local.proxy().writeFaultRate(0);
        assertThat(local.proxy().faultsInjected() - faultsBefore).as("control: committed answers were lost")
                .isPositive();

        for (String email : emails) {
            Map<String, AttributeValue> user = usersHolding(email).get(0);
            HttpApi.Answer deleted = local.api().send("DELETE", "/users/" + user.get("userId").s(),
                    Map.of("If-Match", "\"" + user.get("version").n() + "\""), null);
            assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
            assertThat(guardKeysFor(email)).as("the guard of a deleted user's email").isEmpty();
        }
        HttpApi.Answer again = local.api().post("/users", "{\"name\":\"Late\",\"email\":\"" + emails.get(0) + "\"}",
                Map.of());
        assertThat(again.status()).as(again.toString()).isEqualTo(201);
    }
}
