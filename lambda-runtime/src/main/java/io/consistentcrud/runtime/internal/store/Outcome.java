package io.consistentcrud.runtime.internal.store;

import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;

/** What a transactional write came to, before it is turned into an operation's typed outcome. */
public sealed interface Outcome {
    /** Every item was written, once. */
    record Committed() implements Outcome {
    }

    /** A condition of the business items failed; one reason per business item. */
    record Failed(List<CancellationReason> reasons) implements Outcome {
    }

    /** The Idempotency-Key's record shows an earlier success of the same payload; nothing was written now. */
    record Replay(RecordedOutcome recorded) implements Outcome {
    }

    /** The Idempotency-Key was used with another payload; nothing was written. */
    record KeyReused() implements Outcome {
    }
}
