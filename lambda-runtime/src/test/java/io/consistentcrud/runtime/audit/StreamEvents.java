package io.consistentcrud.runtime.audit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** Reads a table's real stream from DynamoDB Local and shapes the records as Lambda's DynamoDB event. */
final class StreamEvents {
    private StreamEvents() {
    }

    /** Every record currently in the stream, oldest first. */
    static List<Record> readAll(DynamoDbStreamsClient streams, String streamArn) {
        List<Record> records = new ArrayList<>();
        DescribeStreamResponse stream = streams.describeStream(b -> b.streamArn(streamArn));
        for (Shard shard : stream.streamDescription().shards()) {
            String iterator = streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            while (iterator != null) {
                String current = iterator;
                GetRecordsResponse page = streams.getRecords(b -> b.shardIterator(current).limit(1000));
                records.addAll(page.records());
                if (page.records().isEmpty()) {
                    break;
                }
                iterator = page.nextShardIterator();
            }
        }
        return records;
    }

    /** The records as the {@code Records} batch Lambda hands to a stream consumer. */
    static JsonNode lambdaEvent(List<Record> records, String streamArn) {
        JsonWriter w = JsonWriter.create();
        w.writeStartObject().writeFieldName("Records").writeStartArray();
        for (Record r : records) {
            w.writeStartObject();
            w.writeFieldName("eventID").writeValue(r.eventID());
            w.writeFieldName("eventName").writeValue(r.eventNameAsString());
            w.writeFieldName("eventSource").writeValue("aws:dynamodb");
            w.writeFieldName("eventSourceARN").writeValue(streamArn);
            if (r.userIdentity() != null) {
                w.writeFieldName("userIdentity").writeStartObject()
                        .writeFieldName("type").writeValue(r.userIdentity().type())
                        .writeFieldName("principalId").writeValue(r.userIdentity().principalId())
                        .writeEndObject();
            }
            w.writeFieldName("dynamodb").writeStartObject();
            w.writeFieldName("SequenceNumber").writeValue(r.dynamodb().sequenceNumber());
            w.writeFieldName("StreamViewType").writeValue(r.dynamodb().streamViewTypeAsString());
            writeImage(w, "Keys", r.dynamodb().keys());
            if (r.dynamodb().hasNewImage()) {
                writeImage(w, "NewImage", r.dynamodb().newImage());
            }
            if (r.dynamodb().hasOldImage()) {
                writeImage(w, "OldImage", r.dynamodb().oldImage());
            }
            w.writeEndObject();
            w.writeEndObject();
        }
        w.writeEndArray().writeEndObject();
        return JsonNode.parser().parse(new String(w.getBytes(), StandardCharsets.UTF_8));
    }

    private static void writeImage(JsonWriter w, String name, Map<String, AttributeValue> image) {
        w.writeFieldName(name).writeStartObject();
        image.forEach((k, v) -> {
            w.writeFieldName(k);
            writeTyped(w, v);
        });
        w.writeEndObject();
    }

    private static void writeTyped(JsonWriter w, AttributeValue v) {
        w.writeStartObject();
        switch (v.type()) {
            case S -> w.writeFieldName("S").writeValue(v.s());
            case N -> w.writeFieldName("N").writeValue(v.n());
            case BOOL -> w.writeFieldName("BOOL").writeValue(v.bool());
            case NUL -> w.writeFieldName("NULL").writeValue(true);
            case B -> w.writeFieldName("B").writeValue(Base64.getEncoder().encodeToString(v.b().asByteArray()));
            case SS -> {
                w.writeFieldName("SS").writeStartArray();
                v.ss().forEach(w::writeValue);
                w.writeEndArray();
            }
            case NS -> {
                w.writeFieldName("NS").writeStartArray();
                v.ns().forEach(w::writeValue);
                w.writeEndArray();
            }
            case L -> {
                w.writeFieldName("L").writeStartArray();
                v.l().forEach(x -> writeTyped(w, x));
                w.writeEndArray();
            }
            case M -> {
                w.writeFieldName("M").writeStartObject();
                v.m().forEach((k, x) -> {
                    w.writeFieldName(k);
                    writeTyped(w, x);
                });
                w.writeEndObject();
            }
            default -> throw new IllegalArgumentException("unsupported type " + v.type());
        }
        w.writeEndObject();
    }
}
