package io.consistentcrud.runtime.internal.store;

import io.consistentcrud.runtime.Bookkeeping;
import io.consistentcrud.runtime.WriteContext;
import io.consistentcrud.runtime.internal.Expression;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Who wrote, under which request token, and when: stamped on every item the store writes (G8). */
final class Stamp {
    private Stamp() {
    }

    /** Puts the stamp into an item that is written whole. */
    static void onto(Map<String, AttributeValue> item, WriteContext ctx) {
        item.put(Bookkeeping.TOKEN, AttributeValue.fromS(ctx.requestToken()));
        item.put(Bookkeeping.CALLER, AttributeValue.fromS(ctx.caller()));
        item.put(Bookkeeping.AT, AttributeValue.fromS(ctx.time().toString()));
    }

    /** The stamp as the {@code SET} clause of an update. */
    static String set(Expression x, WriteContext ctx) {
        return " SET " + assignments(x, ctx);
    }

    /** The stamp's assignments, for a {@code SET} clause that sets other attributes too. */
    static String assignments(Expression x, WriteContext ctx) {
        return x.name(Bookkeeping.TOKEN) + " = " + x.value(AttributeValue.fromS(ctx.requestToken()))
                + ", " + x.name(Bookkeeping.CALLER) + " = " + x.value(AttributeValue.fromS(ctx.caller()))
                + ", " + x.name(Bookkeeping.AT) + " = " + x.value(AttributeValue.fromS(ctx.time().toString()));
    }
}
