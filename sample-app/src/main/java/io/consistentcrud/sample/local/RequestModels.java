package io.consistentcrud.sample.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harrel.jsonschema.Dialects;
import dev.harrel.jsonschema.Error;
import dev.harrel.jsonschema.Validator;
import dev.harrel.jsonschema.ValidatorFactory;
import dev.harrel.jsonschema.providers.JacksonNode;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * What API Gateway's request validator does with a method's request model, locally: the template's models (JSON
 * Schema draft 4, the construct's rendering of each item schema) checked against the bodies of the methods that
 * carry one and a validator that validates bodies. A refused body is answered with the template's
 * {@code BAD_REQUEST_BODY} gateway response, before the function runs, as on AWS.
 */
final class RequestModels {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Validator validator;
    /** The registered model of each {@code METHOD /resource/path}. */
    private final Map<String, URI> models;

    private RequestModels(Validator validator, Map<String, URI> models) {
        this.validator = validator;
        this.models = Map.copyOf(models);
    }

    /** The models of a template as {@code Template.toJSON()} returns it. */
    @SuppressWarnings("unchecked")
    static RequestModels of(Map<String, Object> template) {
        Map<String, Map<String, Object>> resources = (Map<String, Map<String, Object>>) (Map<?, ?>)
                template.getOrDefault("Resources", Map.of());
        Validator validator = new ValidatorFactory().withDefaultDialect(new Dialects.Draft4Dialect())
                .withJsonNodeFactory(new JacksonNode.Factory()).createValidator();
        Map<String, URI> models = new LinkedHashMap<>();
        for (var e : ApiTemplate.ofType(resources, "AWS::ApiGateway::Method").entrySet()) {
            Map<String, Object> props = ApiTemplate.properties(e.getValue());
            Object model = ((Map<String, Object>) props.getOrDefault("RequestModels", Map.of()))
                    .get("application/json");
            if (!(model instanceof Map<?, ?> ref) || !(ref.get("Ref") instanceof String modelId)
                    || !validatesBodies(resources, props.get("RequestValidatorId"))) {
                continue;
            }
            Object schema = ApiTemplate.properties(resources.get(modelId)).get("Schema");
            String route = props.get("HttpMethod") + " "
                    + ApiTemplate.resourcePath(resources, props.get("ResourceId"), e.getKey());
            com.fasterxml.jackson.databind.JsonNode tree = JSON.valueToTree(schema);
            models.put(route, validator.registerSchema(URI.create("urn:local-model:" + modelId), (Object) tree));
        }
        return new RequestModels(validator, models);
    }

    private static boolean validatesBodies(Map<String, Map<String, Object>> resources, Object validatorId) {
        return validatorId instanceof Map<?, ?> ref && ref.get("Ref") instanceof String id
                && resources.containsKey(id)
                && Boolean.TRUE.equals(ApiTemplate.properties(resources.get(id)).get("ValidateRequestBody"));
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
