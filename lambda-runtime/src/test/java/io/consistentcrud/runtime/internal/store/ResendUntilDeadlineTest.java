package io.consistentcrud.runtime.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.consistentcrud.runtime.DeadlineExceededException;
import io.consistentcrud.runtime.testing.CountingMetrics;
import java.net.SocketException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.TransactionInProgressException;

/** Which failures the store sends again, and what it concludes when the deadline passes (G4, G7). */
class ResendUntilDeadlineTest {
    private static final SdkException RESET = SdkClientException.builder().message("Unable to execute HTTP request")
            .cause(new SocketException("Connection reset")).build();
    private static final SdkException THROTTLED = ProvisionedThroughputExceededException.builder()
            .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException").build())
            .statusCode(400).build();

    private final CountingMetrics metrics = new CountingMetrics();

    @Test
    void g4_lostAnswersTimeouts5xxAndThrottlingAreWorthRepeating_refusalsAreNot() {
        assertThat(ResendUntilDeadline.worthRepeating(RESET)).isTrue();
        assertThat(ResendUntilDeadline.worthRepeating(ApiCallTimeoutException.create(1000))).isTrue();
        assertThat(ResendUntilDeadline.worthRepeating(DynamoDbException.builder().statusCode(500).build())).isTrue();
        assertThat(ResendUntilDeadline.worthRepeating(THROTTLED)).isTrue();

        assertThat(ResendUntilDeadline.worthRepeating(ConditionalCheckFailedException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ConditionalCheckFailedException").build())
                .build())).isFalse();
        assertThat(ResendUntilDeadline.worthRepeating(DynamoDbException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ValidationException").build()).build()))
                .isFalse();
        assertThat(ResendUntilDeadline.worthRepeating(TransactionInProgressException.builder().statusCode(400)
                .build())).as("the caller's own transaction in progress is the caller's to handle").isFalse();
        assertThat(ResendUntilDeadline.worthRepeating(SdkClientException.create("Unable to load credentials")))
                .isFalse();
    }

    @Test
    void g4_aRequestWhoseAnswersAreLostIsSentAgainUntilItsAnswerArrives() {
        AtomicInteger sends = new AtomicInteger();
        String answer = ResendUntilDeadline.tokenWrite(Instant.now().plusSeconds(10), Clock.systemUTC(), metrics)
                .send(() -> {
                    if (sends.incrementAndGet() <= 4) {
                        throw RESET;
                    }
                    return "committed";
                });

        assertThat(answer).isEqualTo("committed");
        assertThat(sends.get()).isEqualTo(5);
        assertThat(metrics.resends.get()).isEqualTo(4);
    }

    @Test
    void g4_whenTheDeadlinePassesAfterALostAnswer_theWriteMayHaveApplied() {
        AtomicInteger sends = new AtomicInteger();
        assertThatThrownBy(() -> ResendUntilDeadline.write(Instant.now().plusMillis(400), Clock.systemUTC(), metrics)
                .send(() -> {
                    sends.incrementAndGet();
                    throw RESET;
                }))
                .isInstanceOfSatisfying(DeadlineExceededException.class,
                        e -> assertThat(e.writeMayHaveApplied()).isTrue())
                .hasCause(RESET);
        assertThat(sends.get()).as("sent again until the deadline, not once").isGreaterThan(1);
    }

    @Test
    void g4_whenTheDeadlinePassesWhileOnlyThrottled_nothingWasApplied() {
        assertThatThrownBy(() -> ResendUntilDeadline.write(Instant.now().plusMillis(300), Clock.systemUTC(), metrics)
                .send(() -> {
                    throw THROTTLED;
                }))
                .isInstanceOfSatisfying(DeadlineExceededException.class,
                        e -> assertThat(e.writeMayHaveApplied()).isFalse());
    }

    @Test
    void g4_aThrottledCallWhoseEarlierAttemptLostItsAnswer_mayHaveApplied() {
        SdkException throttledAfterALostAnswer = ProvisionedThroughputExceededException.builder()
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException").build())
                .statusCode(400).build();
        throttledAfterALostAnswer.addSuppressed(RESET);
        assertThatThrownBy(() -> ResendUntilDeadline.write(Instant.now().plusMillis(300), Clock.systemUTC(), metrics)
                .send(() -> {
                    throw throttledAfterALostAnswer;
                }))
                .isInstanceOfSatisfying(DeadlineExceededException.class,
                        e -> assertThat(e.writeMayHaveApplied()).isTrue());
    }

    @Test
    void g4_readsNeverMakeAnOutcomeUnknown() {
        ResendUntilDeadline read = ResendUntilDeadline.read(Instant.now().plusMillis(300), Clock.systemUTC(), metrics);
        assertThatThrownBy(() -> read.send(() -> {
            throw RESET;
        })).isInstanceOfSatisfying(DeadlineExceededException.class,
                e -> assertThat(e.writeMayHaveApplied()).isFalse());
    }

    @Test
    void aRefusalPropagatesAtOnce_andWithoutADeadlineARequestIsSentOnce() {
        AtomicInteger sends = new AtomicInteger();
        SdkException refused = DynamoDbException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDeniedException").build()).build();
        assertThatThrownBy(() -> ResendUntilDeadline.write(Instant.now().plusSeconds(10), Clock.systemUTC(), metrics)
                .send(() -> {
                    sends.incrementAndGet();
                    throw refused;
                })).isSameAs(refused);
        assertThatThrownBy(() -> ResendUntilDeadline.write(null, Clock.systemUTC(), metrics).send(() -> {
            sends.incrementAndGet();
            throw RESET;
        })).isSameAs(RESET);
        assertThat(sends.get()).isEqualTo(2);
    }

    @Test
    void aTokenWriteStopsWithinTheTokensWindowEvenWhenTheDeadlineIsLater() {
        Instant now = Instant.parse("2026-12-04T10:00:00Z");
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        assertThat(ResendUntilDeadline.tokenWrite(now.plus(Duration.ofMinutes(15)), clock, metrics).end())
                .isEqualTo(now.plus(ResendUntilDeadline.TOKEN_WINDOW));
        assertThat(ResendUntilDeadline.tokenWrite(now.plusSeconds(27), clock, metrics).end())
                .isEqualTo(now.plusSeconds(27));
        assertThat(ResendUntilDeadline.TOKEN_WINDOW).isLessThan(Duration.ofMinutes(10));
    }
}
