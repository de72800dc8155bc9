package io.consistentcrud.bench;

import software.amazon.awssdk.enhanced.dynamodb.extensions.annotations.DynamoDbVersionAttribute;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;

/** The Enhanced Client's bean of a benchmark item, as its documentation shows optimistic locking. */
@DynamoDbBean
public class BenchItem {
    private String id;
    private String name;
    private Long count;
    private Long version;

    public BenchItem() {
    }

    BenchItem(String id, String name, Long count, Long version) {
        this.id = id;
        this.name = name;
        this.count = count;
        this.version = version;
    }

    @DynamoDbPartitionKey
    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public Long getCount() {
        return count;
    }

    public void setCount(Long count) {
        this.count = count;
    }

    @DynamoDbVersionAttribute
    public Long getVersion() {
        return version;
    }

    public void setVersion(Long version) {
        this.version = version;
    }
}
