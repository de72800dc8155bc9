package io.consistentcrud.contract;

/**
 * Field names of the {@value RuntimeVariables#ENTITIES} document, a JSON array with one object per entity:
 * {@code [{"name","table","pk":{"name","type"},"sk"?:{"name","type"},"version","consistentRead","ttl"?,"schema"?,
 * "indexes"?:[{"name","pk":{...},"sk"?:{...}}],"unique"?:["attribute", ...]}]}, where a key's {@code type} is {@value #TYPE_STRING} or
 * {@value #TYPE_NUMBER}.
 */
public final class EntitiesDocument {
    /** The entity's name (its path segment); also the name of a key attribute inside {@link #PARTITION_KEY}. */
    public static final String NAME = "name";
    /** The entity's table name. */
    public static final String TABLE = "table";
    /** The partition key: an object with {@link #NAME} and {@link #TYPE}. */
    public static final String PARTITION_KEY = "pk";
    /** The sort key, when the entity has one: an object with {@link #NAME} and {@link #TYPE}. */
    public static final String SORT_KEY = "sk";
    /** A key attribute's DynamoDB scalar type. */
    public static final String TYPE = "type";
    /** The version attribute's name. */
    public static final String VERSION = "version";
    /** Whether reads are strongly consistent ({@code true}/{@code false}). */
    public static final String CONSISTENT_READ = "consistentRead";
    /** The TTL attribute's name, when the entity has one. */
    public static final String TTL = "ttl";
    /**
     * The entity's global secondary indexes, when it has any: an array of objects with {@link #NAME},
     * {@link #PARTITION_KEY} and, when the index has one, {@link #SORT_KEY}.
     */
    public static final String INDEXES = "indexes";
    /**
     * The entity's item schema, when it has one: a JSON Schema (draft 7) object, the keys' properties and their
     * {@code required} already added by the construct; see {@link SchemaKeywords}.
     */
    public static final String SCHEMA = "schema";
    /**
     * The entity's unique attributes, when it has any: an array of attribute names, each held by at most one live
     * item of the entity, enforced with guard items in the {@value RuntimeVariables#UNIQUE_VALUES_TABLE} table (see
     * {@link UniqueValueSchema}).
     */
    public static final String UNIQUE = "unique";
    /** {@link #TYPE} of a string key. */
    public static final String TYPE_STRING = "S";
    /** {@link #TYPE} of a number key. */
    public static final String TYPE_NUMBER = "N";

    private EntitiesDocument() {
    }
}
