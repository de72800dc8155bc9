package io.consistentcrud.runtime.internal.store;

import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/** A write that updates attributes of an existing item under a condition: an increment or a merge without a read. */
abstract sealed class UpdateWrite implements ItemWrite permits IncrementWrite, MergeWrite {
    private final long version;
    private final Update update;

    /** @param version the item's version after the update; 0 when not known before the commit */
    UpdateWrite(long version, Update update) {
        this.version = version;
        this.update = update;
    }

    @Override
    public long version() {
        return version;
    }

    @Override
    public TransactWriteItem transactItem() {
        return TransactWriteItem.builder().update(update).build();
    }
}
