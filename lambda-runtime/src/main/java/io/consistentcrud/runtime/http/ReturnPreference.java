package io.consistentcrud.runtime.http;

import io.consistentcrud.contract.HttpHeaders;
import java.util.Optional;

/**
 * The RFC 7240 {@code return} preference of a write: {@code return=minimal} asks for the status and headers
 * without the item, {@code return=representation} (and no preference) for today's answer with it. A preference is
 * a hint, never an error (RFC 7240, section 2): a malformed {@code Prefer} header, an unknown preference or an
 * unknown {@code return} value is ignored, and of several {@code return} preferences only the first counts.
 */
enum ReturnPreference {
    /** The answer holds the item (or a transaction's versions): the default. */
    REPRESENTATION,
    /** Status, {@code ETag} when known without a read, {@code Location}; no body, no read after the write. */
    MINIMAL;

    /** The header a minimal answer carries to say the preference was honoured. */
    static final String APPLIED_HEADER = HttpHeaders.PREFERENCE_APPLIED;
    /** Its value. */
    static final String MINIMAL_APPLIED = "return=minimal";

    /** The request's return preference; every header line of {@code Prefer} is joined by commas already. */
    static ReturnPreference of(ProxyRequest request) {
        Optional<String> header = request.header(HttpHeaders.PREFER);
        if (header.isEmpty()) {
            return REPRESENTATION;
        }
        for (String preference : header.get().split(",")) {
            // Parameters after ';' qualify a preference; the preference itself is "token [= word]".
            String head = preference.split(";", 2)[0];
            int equals = head.indexOf('=');
            String name = (equals < 0 ? head : head.substring(0, equals)).trim();
            if (!name.equalsIgnoreCase("return")) {
                continue;
            }
            String value = equals < 0 ? "" : unquoted(head.substring(equals + 1).trim());
            // The first "return" counts, even with an unknown value: the later ones are ignored (RFC 7240).
            return value.equalsIgnoreCase("minimal") ? MINIMAL : REPRESENTATION;
        }
        return REPRESENTATION;
    }

    private static String unquoted(String word) {
        return word.length() >= 2 && word.startsWith("\"") && word.endsWith("\"")
                ? word.substring(1, word.length() - 1) : word;
    }
}
