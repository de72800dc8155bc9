package io.consistentcrud.sample.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harrel.jsonschema.Dialects;
import dev.harrel.jsonschema.Error;
import dev.harrel.jsonschema.Validator;
import dev.harrel.jsonschema.ValidatorFactory;
import dev.harrel.jsonschema.providers.JacksonNode;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * What API Gateway's request validators do, locally. A method whose validator validates parameters must receive
 * the query string parameters and headers its template declares required; one whose validator validates bodies and
 * that carries a request model (JSON Schema draft 4, the construct's rendering of an item schema) must receive a
 * body the model accepts. A refusal is answered with the template's {@code BAD_REQUEST_PARAMETERS} or
 * {@code BAD_REQUEST_BODY} gateway response, before the function runs, as on AWS.
 */
final class RequestValidators {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUERY_PARAMETER = "method.request.querystring.";
    private static final String HEADER_PARAMETER = "method.request.header.";
    /** API Gateway's words for a refused request's missing parameters, its message and validation error. */
    static final String MISSING_PARAMETERS = "Missing required request parameters";

    private final Validator validator;
    /** The registered model of each {@code METHOD /resource/path}. */
    private final Map<String, URI> models;
    /** The required query string parameters of each {@code METHOD /resource/path} whose validator checks them. */
    private final Map<String, List<String>> requiredQuery;
    /** The required headers of each {@code METHOD /resource/path} whose validator checks them. */
    private final Map<String, List<String>> requiredHeaders;

    private RequestValidators(Validator validator, Map<String, URI> models, Map<String, List<String>> requiredQuery,
                              Map<String, List<String>> requiredHeaders) {
        this.validator = validator;
        this.models = Map.copyOf(models);
        this.requiredQuery = Map.copyOf(requiredQuery);
        this.requiredHeaders = Map.copyOf(requiredHeaders);
    }

    /** The validators of a template as {@code Template.toJSON()} returns it. */
    @SuppressWarnings("unchecked")
    static RequestValidators of(Map<String, Object> template) {
        Map<String, Map<String, Object>> resources = (Map<String, Map<String, Object>>) (Map<?, ?>)
                template.getOrDefault("Resources", Map.of());
        Validator validator = new ValidatorFactory().withDefaultDialect(new Dialects.Draft4Dialect())
                .withJsonNodeFactory(new JacksonNode.Factory()).createValidator();
        Map<String, URI> models = new LinkedHashMap<>();
        Map<String, List<String>> requiredQuery = new LinkedHashMap<>();
        Map<String, List<String>> requiredHeaders = new LinkedHashMap<>();
        for (var e : ApiTemplate.ofType(resources, "AWS::ApiGateway::Method").entrySet()) {
            Map<String, Object> props = ApiTemplate.properties(e.getValue());
            String route = props.get("HttpMethod") + " "
                    + ApiTemplate.resourcePath(resources, props.get("ResourceId"), e.getKey());
            Object validatorId = props.get("RequestValidatorId");
            if (validates(resources, validatorId, "ValidateRequestParameters")) {
                Map<String, Object> parameters = (Map<String, Object>) props.getOrDefault("RequestParameters",
                        Map.of());
                requiredQuery.put(route, required(parameters, QUERY_PARAMETER));
                requiredHeaders.put(route, required(parameters, HEADER_PARAMETER));
            }
            Object model = ((Map<String, Object>) props.getOrDefault("RequestModels", Map.of()))
                    .get("application/json");
            if (!(model instanceof Map<?, ?> ref) || !(ref.get("Ref") instanceof String modelId)
                    || !validates(resources, validatorId, "ValidateRequestBody")) {
                continue;
            }
            Object schema = ApiTemplate.properties(resources.get(modelId)).get("Schema");
            com.fasterxml.jackson.databind.JsonNode tree = JSON.valueToTree(schema);
            models.put(route, validator.registerSchema(URI.create("urn:local-model:" + modelId), (Object) tree));
        }
        return new RequestValidators(validator, models, requiredQuery, requiredHeaders);
    }

    private static boolean validates(Map<String, Map<String, Object>> resources, Object validatorId, String what) {
        return validatorId instanceof Map<?, ?> ref && ref.get("Ref") instanceof String id
                && resources.containsKey(id)
                && Boolean.TRUE.equals(ApiTemplate.properties(resources.get(id)).get(what));
    }

    /** The names of the parameters of one location ({@code prefix}) that a method declares required. */
    private static List<String> required(Map<String, Object> parameters, String prefix) {
        List<String> names = new ArrayList<>();
        parameters.forEach((name, isRequired) -> {
            if (name.startsWith(prefix) && Boolean.TRUE.equals(isRequired)) {
                names.add(name.substring(prefix.length()));
            }
        });
        return List.copyOf(names);
    }

    /**
     * The validation error string of a request that lacks a parameter its method requires, as API Gateway words it
     * ({@code Missing required request parameters: [index, partition]}); empty when none is missing or the method's
     * validator does not check parameters. A parameter given with an empty value is present. Path parameters are
     * always present on a matched route.
     *
     * @param method the request's method
     * @param resourcePath the matched route's resource path
     * @param query the request's query string parameters
     * @param header the request's header of a name (any case), or null
     */
    Optional<String> missingParameters(String method, String resourcePath, Map<String, List<String>> query,
                                       Function<String, String> header) {
        String route = method + " " + resourcePath;
        StringJoiner missing = new StringJoiner(", ", MISSING_PARAMETERS + ": [", "]");
        missing.setEmptyValue("");
        requiredQuery.getOrDefault(route, List.of()).stream().filter(name -> !query.containsKey(name))
                .forEach(missing::add);
        requiredHeaders.getOrDefault(route, List.of()).stream().filter(name -> header.apply(name) == null)
                .forEach(missing::add);
        return missing.length() == 0 ? Optional.empty() : Optional.of(escape(missing.toString()));
    }

    /**
     * The validation error string of a body the route's model refuses, as {@code $context.error.validationErrorString}
     * carries it (JSON-escaped, since templates insert it into a string); empty when the body passes or the route
     * has no model. A body that is no JSON fails too.
     */
    Optional<String> refusal(String method, String resourcePath, byte[] body) {
        URI model = models.get(method + " " + resourcePath);
        if (model == null) {
            return Optional.empty();
        }
        com.fasterxml.jackson.databind.JsonNode json;
        try {
            json = JSON.readTree(body == null ? new byte[0] : body);
        } catch (IOException e) {
            return Optional.of(escape("[Invalid request body: not JSON]"));
        }
        if (json == null || json.isMissingNode()) {
            json = JSON.nullNode();
        }
        Validator.Result result = validator.validate(model, (Object) json);
        if (result.isValid()) {
            return Optional.empty();
        }
        StringJoiner errors = new StringJoiner(", ", "[", "]");
        List<Error> list = result.getErrors();
        list.forEach(err -> errors.add(err.getInstanceLocation() + ": " + err.getError()));
        return Optional.of(escape(errors.toString()));
    }

    /** JSON string escaping: messages may quote the client's value, control characters included. */
    private static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
