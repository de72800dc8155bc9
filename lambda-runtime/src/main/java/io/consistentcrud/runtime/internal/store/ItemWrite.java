package io.consistentcrud.runtime.internal.store;

import io.consistentcrud.runtime.TransactionOperation;
import io.consistentcrud.runtime.WriteContext;
import java.util.OptionalLong;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * One conditional write of one item, built once: as the item of a transaction (every write kind) and, where the
 * store sends it alone, as its single request ({@link CreateWrite#request}).
 */
public sealed interface ItemWrite permits WholeItemWrite, UpdateWrite, DeleteWrite, CheckWrite {
    /**
     * The write as an item of a {@code TransactWriteItems}.
     *
     * @return the transaction item, with its condition
     */
    TransactWriteItem transactItem();

    /**
     * The item's version after the write, as its answer and its Idempotency-Key record carry it: for a delete the
     * deleted version, for a check the checked one, 0 for an increment without an expected version (not known yet).
     *
     * @return the version, or 0 when not known yet
     */
    long version();

    /**
     * The write of a transaction's operation.
     *
     * @param op the operation
     * @param expected  the version the operation is conditioned on (its own, or the pinned one of an increment)
     * @param tombstone for a create: the version of the tombstone it is put over, if any
     * @param ctx the request's caller, token, Idempotency-Key and deadline
     * @return the operation's write
     */
    static ItemWrite of(TransactionOperation op, OptionalLong expected, OptionalLong tombstone, WriteContext ctx) {
        return switch (op.kind()) {
            case PUT_NEW -> {
                WriteArguments.requireClientAttributes(op.entity(), op.item(), true);
                yield CreateWrite.of(op.entity(), op.item(), tombstone, ctx);
            }
            case REPLACE -> {
                WriteArguments.requireClientAttributes(op.entity(), op.item(), true);
                yield ReplaceWrite.of(op.entity(), op.item(), expected.getAsLong(), ctx);
            }
            case INCREMENT -> {
                WriteArguments.requireIncrementable(op.entity(), op.deltas().keySet(), "operation " + op.index() + ": ");
                yield IncrementWrite.of(op.entity(), op.key(), op.deltas(), op.bounds(), expected, ctx);
            }
            case DELETE -> DeleteWrite.of(op.entity(), op.key(), expected.getAsLong(), ctx);
            case CHECK -> CheckWrite.of(op.entity(), op.key(), expected.getAsLong());
        };
    }
}
