package io.consistentcrud.cdk.internal.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harrel.jsonschema.Dialects;
import dev.harrel.jsonschema.Error;
import dev.harrel.jsonschema.Validator;
import dev.harrel.jsonschema.ValidatorFactory;
import dev.harrel.jsonschema.providers.JacksonNode;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a schema document against a JSON Schema meta-schema with the validator library the runtime uses
 * (dev.harrel json-schema, which ships the draft-04 and draft-07 meta-schemas: nothing is fetched). Synth checks
 * each item schema against draft 7 and each API Gateway model against draft 4.
 */
final class MetaSchemas {
    static final URI DRAFT_7 = URI.create(io.consistentcrud.contract.SchemaKeywords.DIALECT);
    static final URI DRAFT_4 = URI.create(ItemSchema.GATEWAY_DIALECT);
    /** Keywords that only report that their subschemas failed; the subschemas' own errors say why. */
    private static final Set<String> APPLICATORS = Set.of("allOf", "anyOf", "oneOf", "not", "if", "then", "else",
            "$ref");

    /** One violation: where in the checked document, and the library's messages for that place. */
    record Violation(String pointer, List<String> rules) {
    }

    private MetaSchemas() {
    }

    /** Built on first use: the validator parses the meta-schemas once, then serves every entity of the synth. */
    private static final class Holder {
        static final Validator VALIDATOR = new ValidatorFactory()
                .withDefaultDialect(new Dialects.Draft7Dialect())
                .withJsonNodeFactory(new JacksonNode.Factory())
                .createValidator();
    }

    /**
     * The first place where a document breaks a meta-schema, with every reason the library gives for that place.
     *
     * @param metaSchema {@link #DRAFT_7} or {@link #DRAFT_4}
     * @param document the schema to check, as an instance of the meta-schema
     * @return the violation, or empty when the document conforms
     */
    static Optional<Violation> firstViolation(URI metaSchema, JsonNode document) {
        List<Error> errors;
        // The validator registers the meta-schema on its first use: its registry is not meant to be shared
        // between threads without a lock, and synth is one thread anyway.
        synchronized (Holder.VALIDATOR) {
            errors = Holder.VALIDATOR.validate(metaSchema, document).getErrors();
        }
        if (errors.isEmpty()) {
            return Optional.empty();
        }
        String pointer = errors.get(0).getInstanceLocation();
        JsonNode value = document.at(pointer);
        List<Error> here = errors.stream().filter(e -> e.getInstanceLocation().equals(pointer)).toList();
        // An anyOf or oneOf branch that wanted another kind of value here ("Value is [array] but should be
        // [string]", or the type names' enum for a list of names) says nothing about what is wrong with this one:
        // its errors go, so a duplicate in a type list is named as such rather than as an unknown type name.
        Set<String> otherKind = here.stream().filter(e -> wantedAnotherKind(e, value))
                .map(e -> innermostBranch(e.getEvaluationPath())).filter(Objects::nonNull)
                .collect(Collectors.toSet());
        List<Error> relevant = here.stream()
                .filter(e -> otherKind.stream().noneMatch(b -> e.getEvaluationPath().startsWith(b + "/"))).toList();
        if (relevant.stream().noneMatch(e -> !APPLICATORS.contains(e.getKeyword()))) {
            relevant = here; // every branch wanted another kind: their errors are all there is to say
        }
        // An applicator's error ("does not match against any of the schemas") and a branch that wanted another kind
        // of value say nothing the remaining errors do not say better.
        List<Error> telling = relevant.stream().filter(e -> !APPLICATORS.contains(e.getKeyword())).toList();
        List<Error> specific = telling.stream().filter(e -> !e.getKeyword().equals("type")).toList();
        List<Error> chosen = !specific.isEmpty() ? specific : !telling.isEmpty() ? telling : relevant;
        return Optional.of(new Violation(pointer, chosen.stream().map(Error::getError).distinct().toList()));
    }

    /**
     * Whether an error says the value is of another kind than its schema wants: a {@code type} error, or an
     * {@code enum} error for a value that is not a string (the only enums of the draft-04 and draft-07 meta-schemas
     * list type names).
     */
    private static boolean wantedAnotherKind(Error error, JsonNode value) {
        return error.getKeyword().equals("type") || error.getKeyword().equals("enum") && !value.isTextual();
    }

    /**
     * The evaluation path of the innermost {@code anyOf} or {@code oneOf} branch an error's path runs through, e.g.
     * {@code /properties/type/anyOf/0} of {@code /properties/type/anyOf/0/$ref/enum}, or null when it runs through
     * none.
     */
    private static String innermostBranch(String evaluationPath) {
        String[] parts = evaluationPath.split("/", -1);
        for (int i = parts.length - 2; i >= 0; i--) {
            if ((parts[i].equals("anyOf") || parts[i].equals("oneOf")) && parts[i + 1].matches("[0-9]+")) {
                return String.join("/", Arrays.copyOfRange(parts, 0, i + 2));
            }
        }
        return null;
    }
}
