package io.consistentcrud.e2e.local;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consistentcrud.contract.GatewayProblem;
import io.consistentcrud.contract.HttpHeaders;
import io.consistentcrud.sample.local.LocalMode;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The OpenAPI document as a contract the end-to-end suites keep: every answer they get must be documented (its
 * status, its body's shape, the contract's headers it carries), whatever its status, and every request that
 * succeeded must be one the document describes. The document lists each status an operation can answer and has no
 * {@code default} response, so an answer with a status the document does not list for its operation fails.
 * {@link HttpApi} checks each exchange; a mismatch fails the test that made it. A method and path no operation
 * serves (the suites send some on purpose) must get API Gateway's own 403 missing-authentication-token answer; paths
 * under the stage's prefix are the bare paths' operations. The document itself ({@code GET /openapi.json}) is no
 * operation of its own.
 */
final class OpenApiContract {
    /** The answer headers of the contract; each one an answer carries must be declared for its status. */
    private static final List<String> ANSWER_HEADERS = List.of(HttpHeaders.ETAG, HttpHeaders.LOCATION,
            HttpHeaders.PREFERENCE_APPLIED, HttpHeaders.IDEMPOTENCY_REPLAYED, HttpHeaders.RETRY_AFTER,
            HttpHeaders.ALLOW);

    private final OpenApiInteractionValidator validator;
    private final JsonNode document;
    /** The stage's path segment, under which the local gateway serves every path too; null when unknown. */
    private final String stageName;

    /**
     * @param documentJson the API's OpenAPI document
     * @param stageName the stage, whose prefixed paths ({@code /prod/users/ada}) are the same operations as the bare
     *     ones; null for none
     */
    OpenApiContract(String documentJson, String stageName) {
        this.stageName = stageName;
        try {
            this.document = new ObjectMapper().readTree(documentJson);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        // Not the validator's default full resolution: swagger-parser's full resolution gives a property schema
        // without a type, under an object with additionalProperties (every item schema says true explicitly), a
        // type of its guessing (object for an anyOf of string and integer), which would fail values the document
        // allows; OpenAPI 3.0 reads a schema without type as any type, and so must this check. Schema $refs the
        // validator follows itself; the responses, parameters and headers it needs resolved are inlined here.
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setResolveFully(false);
        options.setResolveCombinators(false);
        options.setInferSchemaType(false);
        this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(
                        inlineComponentRefs(document.deepCopy(), document).toString())
                .withParseOptions(options).build();
    }

    /** Replaces each $ref to a response, parameter or header with what it names; schema $refs stay. */
    private static JsonNode inlineComponentRefs(JsonNode node, JsonNode document) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.asText().matches("#/components/(responses|parameters|headers)/.*")) {
                return inlineComponentRefs(document.at(ref.asText().substring(1)).deepCopy(), document);
            }
            ObjectNode object = (ObjectNode) node;
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                object.set(name, inlineComponentRefs(object.get(name), document));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                ((ArrayNode) node).set(i, inlineComponentRefs(node.get(i), document));
            }
        }
        return node;
    }

    /**
     * Checks one exchange: the answer whatever its status, the request when the answer is a success. Throws an
     * AssertionError naming every mismatch.
     *
     * <p>A request is checked only when it succeeded. A refused request (4xx) is refused because it is not one the
     * document describes: the suites send malformed JSON, bodies that break the schema, bad preconditions on purpose,
     * and checking those against the document would fail every test that proves a refusal. What the document must
     * still describe is the refusal itself, so the answer is checked for every status. A 5xx answers a request that
     * may have been fine, but the server's fault says nothing about the request's shape either way.
     */
    void check(String method, String pathAndQuery, Map<String, List<String>> requestHeaders, String requestBody,
               HttpApi.Answer answer) {
        String path = operationPath(pathAndQuery);
        Optional<String> template = operationOf(method, path, pathAndQuery, answer);
        if (template.isEmpty()) {
            return;
        }
        SimpleRequest.Builder request = new SimpleRequest.Builder(method, path);
        requestHeaders.forEach(request::withHeader);
        if (requestBody != null) {
            request.withBody(requestBody);
        }
        if (pathAndQuery.contains("?")) {
            for (String pair : pathAndQuery.substring(pathAndQuery.indexOf('?') + 1).split("&")) {
                String[] kv = pair.split("=", 2);
                request.withQueryParam(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        boolean succeeded = answer.status() >= 200 && answer.status() < 300;
        check(method, pathAndQuery, path, template.get(), answer,
                succeeded ? validator.validateRequest(request.build()) : ValidationReport.empty());
    }

    /**
     * Checks an answer only, for the suites that write requests byte by byte on a socket (their requests are
     * malformed on purpose, so only their answers are the document's business).
     *
     * @param method       the request's method
     * @param pathAndQuery the request's path, well formed (percent-encoded UTF-8)
     * @param answer       the answer
     */
    void checkAnswer(String method, String pathAndQuery, HttpApi.Answer answer) {
        String path = operationPath(pathAndQuery);
        operationOf(method, path, pathAndQuery, answer).ifPresent(template -> check(method, pathAndQuery, path,
                template, answer, ValidationReport.empty()));
    }

    /**
     * The path template of the operation the request is for; empty for the document itself (which the local mode
     * serves beside the API, no operation of its own) and for a method and path no operation serves, whose answer
     * this checks ({@link #requireUnservedAnswer}).
     */
    private Optional<String> operationOf(String method, String path, String pathAndQuery, HttpApi.Answer answer) {
        if (method.equals("GET") && path.equals(LocalMode.OPENAPI_PATH)) {
            return Optional.empty();
        }
        Optional<String> template = operationTemplate(path, method);
        if (template.isEmpty()) {
            requireUnservedAnswer(method, pathAndQuery, answer);
        }
        return template;
    }

    /**
     * A method and path no operation of the document serves: API Gateway answers those itself, with its
     * {@code MISSING_AUTHENTICATION_TOKEN} response (403), and so must the local gateway; any other answer means the
     * API serves something its document does not describe.
     */
    private static void requireUnservedAnswer(String method, String pathAndQuery, HttpApi.Answer answer) {
        String type = answer.status() == GatewayProblem.MISSING_AUTHENTICATION_TOKEN.status()
                && answer.contentType().startsWith(GatewayProblem.CONTENT_TYPE) ? answer.text("type") : null;
        if (!GatewayProblem.MISSING_AUTHENTICATION_TOKEN.type().equals(type)) {
            throw new AssertionError(method + " " + pathAndQuery + " -> " + answer.status() + ": no operation of the "
                    + "OpenAPI document serves it, yet the answer is not API Gateway's missing-authentication-token "
                    + "403\nanswer: " + answer.body());
        }
    }

    /**
     * The path as the document names it: without the query, and without the stage's segment in front, which the
     * local gateway serves as the bare path.
     */
    private String operationPath(String pathAndQuery) {
        String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?'))
                : pathAndQuery;
        String prefix = "/" + stageName + "/";
        return stageName != null && path.startsWith(prefix) ? path.substring(prefix.length() - 1) : path;
    }

    private void check(String method, String pathAndQuery, String path, String template, HttpApi.Answer answer,
                       ValidationReport requestReport) {
        SimpleResponse.Builder response = SimpleResponse.Builder.status(answer.status());
        answer.headers().map().forEach((name, values) -> response.withHeader(name, values));
        if (answer.body() != null && !answer.body().isEmpty()) {
            response.withBody(answer.body());
        }
        Request.Method m = Request.Method.valueOf(method.toUpperCase(Locale.ROOT));
        ValidationReport report = validator.validateResponse(path, m, response.build()).merge(requestReport);
        List<String> problems = new ArrayList<>();
        report.getMessages().stream()
                .filter(msg -> msg.getLevel() == ValidationReport.Level.ERROR)
                // A Prefer: return=minimal answer has no body although the operation documents one.
                .filter(msg -> !(msg.getKey().equals("validation.response.body.missing")
                        && answer.header(HttpHeaders.PREFERENCE_APPLIED).isPresent()))
                .forEach(msg -> problems.add(msg.getKey() + ": " + msg.getMessage()));
        JsonNode documented = responseOf(template, method, answer.status());
        if (documented.isMissingNode()) {
            // Said here too, whatever the validator's level for an unknown status: this is the check's point.
            problems.add("undocumented status " + answer.status());
        }
        for (String header : ANSWER_HEADERS) {
            if (answer.header(header).isPresent() && !documented.path("headers").has(header)) {
                problems.add("undocumented header " + header + " on " + answer.status());
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(method + " " + pathAndQuery + " -> " + answer.status()
                    + " does not keep the OpenAPI document: " + problems + "\nanswer: " + answer.body());
        }
    }

    /** The documented response of a status, its $ref resolved; missing when the operation does not list it. */
    private JsonNode responseOf(String template, String method, int status) {
        JsonNode r = document.at("/paths").get(template).get(method.toLowerCase(Locale.ROOT)).get("responses")
                .path(Integer.toString(status));
        if (r.has("$ref")) {
            r = document.at(r.get("$ref").asText().substring(1));
        }
        return r;
    }

    /**
     * The path template of the operation serving the method on the path, if the document has one: every template
     * that matches the path is tried, since two may match it and only one serve the method.
     */
    private Optional<String> operationTemplate(String path, String method) {
        String[] actual = path.split("/", -1);
        Iterator<String> templates = document.at("/paths").fieldNames();
        while (templates.hasNext()) {
            String t = templates.next();
            String[] parts = t.split("/", -1);
            if (parts.length != actual.length || !document.at("/paths").get(t).has(method.toLowerCase(Locale.ROOT))) {
                continue;
            }
            boolean match = true;
            for (int i = 0; i < parts.length && match; i++) {
                match = parts[i].startsWith("{") ? !actual[i].isEmpty() : parts[i].equals(actual[i]);
            }
            if (match) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
