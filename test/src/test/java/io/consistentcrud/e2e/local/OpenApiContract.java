package io.consistentcrud.e2e.local;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consistentcrud.contract.HttpHeaders;
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
 * status, its body's shape, the contract's headers it carries), and every request that succeeded must be one the
 * document describes. {@link HttpApi} checks each exchange; a mismatch fails the test that made it. Requests the
 * suites send on purpose to paths the API does not serve, and the document itself, are left out.
 */
final class OpenApiContract {
    /** The answer headers of the contract; each one an answer carries must be declared for its status. */
    private static final List<String> ANSWER_HEADERS = List.of(HttpHeaders.ETAG, HttpHeaders.LOCATION,
            HttpHeaders.PREFERENCE_APPLIED, HttpHeaders.IDEMPOTENCY_REPLAYED, HttpHeaders.RETRY_AFTER,
            HttpHeaders.ALLOW);

    private final OpenApiInteractionValidator validator;
    private final JsonNode document;

    OpenApiContract(String documentJson) {
        this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(documentJson).build();
        try {
            this.document = new ObjectMapper().readTree(documentJson);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Checks one exchange; throws an AssertionError naming every mismatch. */
    void check(String method, String pathAndQuery, Map<String, String> requestHeaders, String requestBody,
               HttpApi.Answer answer) {
        String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?'))
                : pathAndQuery;
        Optional<String> template = template(path);
        if (template.isEmpty() || document.at("/paths").get(template.get()).get(method.toLowerCase(Locale.ROOT))
                == null) {
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
        SimpleResponse.Builder response = SimpleResponse.Builder.status(answer.status());
        answer.headers().map().forEach((name, values) -> response.withHeader(name, values));
        if (answer.body() != null && !answer.body().isEmpty()) {
            response.withBody(answer.body());
        }
        Request.Method m = Request.Method.valueOf(method.toUpperCase(Locale.ROOT));
        ValidationReport report = validator.validateResponse(path, m, response.build());
        boolean succeeded = answer.status() >= 200 && answer.status() < 300;
        if (succeeded) {
            report = report.merge(validator.validateRequest(request.build()));
        }
        List<String> problems = new ArrayList<>();
        report.getMessages().stream()
                .filter(msg -> msg.getLevel() == ValidationReport.Level.ERROR)
                // A Prefer: return=minimal answer has no body although the operation documents one.
                .filter(msg -> !(msg.getKey().equals("validation.response.body.missing")
                        && answer.header(HttpHeaders.PREFERENCE_APPLIED).isPresent()))
                .forEach(msg -> problems.add(msg.getKey() + ": " + msg.getMessage()));
        JsonNode documented = responseOf(template.get(), method, answer.status());
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

    /** The documented response of a status (or the default), its $ref resolved. */
    private JsonNode responseOf(String template, String method, int status) {
        JsonNode responses = document.at("/paths").get(template).get(method.toLowerCase(Locale.ROOT))
                .get("responses");
        JsonNode r = responses.has(Integer.toString(status)) ? responses.get(Integer.toString(status))
                : responses.path("default");
        if (r.has("$ref")) {
            r = document.at(r.get("$ref").asText().substring(1));
        }
        return r;
    }

    private Optional<String> template(String path) {
        String[] actual = path.split("/", -1);
        Iterator<String> templates = document.at("/paths").fieldNames();
        while (templates.hasNext()) {
            String t = templates.next();
            String[] parts = t.split("/", -1);
            if (parts.length != actual.length) {
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
