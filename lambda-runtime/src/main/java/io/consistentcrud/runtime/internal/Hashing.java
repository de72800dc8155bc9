package io.consistentcrud.runtime.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The hashes the store derives from Idempotency-Keys and payloads. Every input is length-prefixed so that two
 * different tuples never hash the same text.
 */
public final class Hashing {
    private Hashing() {
    }

    /**
     * Hex SHA-256 of the length-prefixed UTF-8 parts.
     *
     * @param parts the parts, in order; none may be null
     * @return the digest, 64 lowercase hex digits
     */
    public static String sha256Hex(String... parts) {
        MessageDigest digest = sha256();
        for (String part : parts) {
            update(digest, part.getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * SHA-256 over method, resource, key and body, each length-prefixed.
     *
     * @param method the HTTP method
     * @param resource the API Gateway resource the request addresses
     * @param key the item's key as in its path; empty when the request names none
     * @param body the request body's bytes; empty or null for none
     * @return the fingerprint, 64 lowercase hex digits
     */
    public static String fingerprint(String method, String resource, String key, byte[] body) {
        return fingerprint(method, resource, key, "", body);
    }

    /**
     * SHA-256 over method, resource, key, body and the preconditions, each length-prefixed. Without preconditions
     * it is the four-part fingerprint, so the records of requests without any, written before preconditions were
     * part of it, keep matching their repeats.
     *
     * @param method the HTTP method
     * @param resource the API Gateway resource the request addresses
     * @param key the item's key as in its path; empty when the request names none
     * @param preconditions the request's preconditions in canonical text; empty or null for none
     * @param body the request body's bytes; empty or null for none
     * @return the fingerprint, 64 lowercase hex digits
     */
    public static String fingerprint(String method, String resource, String key, String preconditions, byte[] body) {
        MessageDigest digest = sha256();
        update(digest, nullToEmpty(method).getBytes(StandardCharsets.UTF_8));
        update(digest, nullToEmpty(resource).getBytes(StandardCharsets.UTF_8));
        update(digest, nullToEmpty(key).getBytes(StandardCharsets.UTF_8));
        update(digest, body == null ? new byte[0] : body);
        if (preconditions != null && !preconditions.isEmpty()) {
            update(digest, preconditions.getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * The partition key of an Idempotency-Key record: the key hashed within its scope, the caller's identity.
     *
     * @param caller the caller's identity
     * @param idempotencyKey the request's Idempotency-Key
     * @return the record's partition key, 64 lowercase hex digits
     */
    public static String idempotencyRecordKey(String caller, String idempotencyKey) {
        return sha256Hex("idempotency", "caller", caller, idempotencyKey);
    }

    /**
     * A name-based UUID of entity, caller and Idempotency-Key: the id a POST without id gets, identical on every
     * retry of one caller, different for another caller with the same key.
     *
     * @param entity the entity's name
     * @param caller the caller's identity
     * @param idempotencyKey the request's Idempotency-Key
     * @return the UUID's text form
     */
    public static String derivedId(String entity, String caller, String idempotencyKey) {
        return UUID.nameUUIDFromBytes(("cca-id|" + entity.length() + "|" + entity + "|" + caller.length() + "|"
                + caller + "|" + idempotencyKey).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static void update(MessageDigest digest, byte[] bytes) {
        digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        digest.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
