package io.consistentcrud.runtime.http;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Text that is not valid Unicode never reaches a table. Lenient decoding turns invalid UTF-8 into U+FFFD and an
 * unpaired surrogate into {@code ?} when encoded, so two different client ids would alias one item; such input is
 * refused instead (400 invalid-encoding).
 */
final class TextEncoding {
    private static final char REPLACEMENT = '\uFFFD';

    private TextEncoding() {
    }

    /**
     * Refuses a body that is not well-formed UTF-8 (overlong forms, stray bytes and encoded surrogates included), or
     * that holds U+FFFD as a character: API Gateway hands a proxy integration a text body decoded as UTF-8, each
     * sequence that was not UTF-8 replaced by U+FFFD, so that character in a body is the gateway's mark of bytes the
     * client sent and nobody can read back. A client that means U+FFFD writes the JSON escape {@code \uFFFD}.
     */
    static void requireUtf8(byte[] body) {
        CharBuffer text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            throw new ProblemException(ProblemType.INVALID_ENCODING, "the body is not valid UTF-8");
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == REPLACEMENT) {
                throw new ProblemException(ProblemType.INVALID_ENCODING, "the body holds U+FFFD, the character the "
                        + "gateway puts in place of bytes that are not UTF-8; send the body as UTF-8, and write a "
                        + "U+FFFD you mean as the JSON escape \\uFFFD");
            }
        }
    }

    /** Refuses text with an unpaired surrogate (JSON can spell one as an escape such as {@code \ud800}). */
    static void requireWellFormed(String text, String where) {
        if (hasUnpairedSurrogate(text)) {
            throw new ProblemException(ProblemType.INVALID_ENCODING, where + " holds an unpaired surrogate, which is "
                    + "not valid Unicode text");
        }
    }

    /**
     * Refuses a key value that is not valid Unicode or holds U+FFFD: a gateway decodes invalid bytes of a path
     * segment to U+FFFD, so an id holding it may stand for any of many different ids the client meant.
     */
    static void requireValidKeyText(String text, String where) {
        requireWellFormed(text, where);
        if (text.indexOf(REPLACEMENT) >= 0) {
            throw new ProblemException(ProblemType.INVALID_ENCODING, where + " holds U+FFFD, the mark of bytes that "
                    + "were not valid UTF-8; send the id as percent-encoded UTF-8");
        }
    }

    private static boolean hasUnpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return true;
                }
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
