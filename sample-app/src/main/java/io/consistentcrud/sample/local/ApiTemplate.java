package io.consistentcrud.sample.local;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the local mode reads from the synthesized CloudFormation template: the tables, the function behind the REST
 * API with its environment, the API's resources and methods with their integration timeouts, the stage and the
 * gateway responses. Reading the template, not the construct's Java objects, means the local API is configured by
 * exactly what would be deployed.
 */
final class ApiTemplate {
    /** API Gateway's default integration timeout, used when a method does not set one. */
    static final int DEFAULT_INTEGRATION_TIMEOUT_MS = 29_000;
    /** Lambda's default timeout, used when the function does not set one. */
    static final int DEFAULT_FUNCTION_TIMEOUT_S = 3;

    /**
     * A DynamoDB table of the template.
     *
     * @param logicalId  the template's logical id
     * @param tableName  the local table name
     * @param properties the table's CloudFormation properties
     */
    record TableSpec(String logicalId, String tableName, Map<String, Object> properties) {
    }

    /**
     * A Lambda function of the template.
     *
     * @param logicalId      the template's logical id
     * @param functionName   the local function name
     * @param handler        the handler string, {@code class::method}
     * @param timeoutSeconds the function timeout
     * @param memoryMb       the memory size
     * @param environment    the resolved environment variables
     */
    record FunctionSpec(String logicalId, String functionName, String handler, int timeoutSeconds, int memoryMb,
                        Map<String, String> environment) {
    }

    /**
     * One method of one resource of the REST API.
     *
     * @param resourcePath       the resource template, e.g. {@code /users/{userId}}
     * @param httpMethod         the method, or {@code ANY}
     * @param integrationType    {@code AWS_PROXY} or {@code MOCK}
     * @param functionId         the logical id of the integrated function ({@code AWS_PROXY} only)
     * @param timeoutMillis      the integration timeout
     * @param mockResponse       the first integration response of a {@code MOCK} integration, else empty
     */
    record Route(String resourcePath, String httpMethod, String integrationType, String functionId, int timeoutMillis,
                 Map<String, Object> mockResponse) {
    }

    /**
     * A customized gateway response.
     *
     * @param responseType the response type, e.g. {@code INTEGRATION_TIMEOUT}
     * @param statusCode   the status, or empty for the type's default
     * @param headers      literal header values
     * @param templates    body templates by media type
     */
    record GatewayResponseSpec(String responseType, Optional<Integer> statusCode, Map<String, String> headers,
                               Map<String, String> templates) {
    }

    private final String stackName;
    private final List<TableSpec> tables;
    private final Map<String, FunctionSpec> functions;
    private final List<Route> routes;
    private final Map<String, GatewayResponseSpec> gatewayResponses;
    private final String stageName;
    private final Set<String> binaryMediaTypes;

    private ApiTemplate(String stackName, List<TableSpec> tables, Map<String, FunctionSpec> functions,
                        List<Route> routes, Map<String, GatewayResponseSpec> gatewayResponses, String stageName,
                        Set<String> binaryMediaTypes) {
        this.stackName = stackName;
        this.tables = List.copyOf(tables);
        this.functions = Collections.unmodifiableMap(new LinkedHashMap<>(functions));
        this.routes = List.copyOf(routes);
        this.gatewayResponses = Collections.unmodifiableMap(new LinkedHashMap<>(gatewayResponses));
        this.stageName = stageName;
        this.binaryMediaTypes = Collections.unmodifiableSet(new LinkedHashSet<>(binaryMediaTypes));
    }

    /** Reads a template as {@code Template.toJSON()} returns it. */
    @SuppressWarnings("unchecked")
    static ApiTemplate parse(Map<String, Object> template, String stackName) {
        Map<String, Map<String, Object>> resources = (Map<String, Map<String, Object>>) (Map<?, ?>)
                Objects.requireNonNull(template.get("Resources"), "the template has no Resources");
        Map<String, String> refs = new LinkedHashMap<>();
        Map<String, Map<String, String>> attributes = new LinkedHashMap<>();
        String arnPrefix = ":" + TemplateValues.LOCAL_REGION + ":" + TemplateValues.LOCAL_ACCOUNT + ":";

        List<TableSpec> tables = new ArrayList<>();
        // The construct's tables are TableV2 (GlobalTable); a stack of the user's may still hold Table resources.
        Map<String, Map<String, Object>> tableResources = ofType(resources, "AWS::DynamoDB::Table");
        tableResources.putAll(ofType(resources, "AWS::DynamoDB::GlobalTable"));
        for (var e : tableResources.entrySet()) {
            Map<String, Object> props = properties(e.getValue());
            String name = props.get("TableName") instanceof String s ? s : stackName + "-" + e.getKey();
            tables.add(new TableSpec(e.getKey(), name, props));
            refs.put(e.getKey(), name);
            String arn = "arn:aws:dynamodb" + arnPrefix + "table/" + name;
            attributes.put(e.getKey(), Map.of("Arn", arn, "StreamArn", arn + "/stream/local"));
        }
        Map<String, String> functionNames = new LinkedHashMap<>();
        for (var e : ofType(resources, "AWS::Lambda::Function").entrySet()) {
            Object declared = properties(e.getValue()).get("FunctionName");
            String name = declared instanceof String s ? s : stackName + "-" + e.getKey();
            functionNames.put(e.getKey(), name);
            refs.put(e.getKey(), name);
            attributes.put(e.getKey(), Map.of("Arn", "arn:aws:lambda" + arnPrefix + "function:" + name));
        }
        TemplateValues values = new TemplateValues(refs, attributes, stackName);

        List<Route> routes = new ArrayList<>();
        Map<String, FunctionSpec> functions = new LinkedHashMap<>();
        for (var e : ofType(resources, "AWS::ApiGateway::Method").entrySet()) {
            Map<String, Object> props = properties(e.getValue());
            String path = resourcePath(resources, props.get("ResourceId"), e.getKey());
            String method = String.valueOf(props.get("HttpMethod"));
            Map<String, Object> integration = (Map<String, Object>) props.getOrDefault("Integration", Map.of());
            String type = String.valueOf(integration.get("Type"));
            int timeout = integration.get("TimeoutInMillis") instanceof Number n ? n.intValue()
                    : DEFAULT_INTEGRATION_TIMEOUT_MS;
            switch (type) {
                case "AWS_PROXY" -> {
                    String functionId = functionBehind(resources, integration.get("Uri"))
                            .orElseThrow(() -> new IllegalStateException("local mode cannot find the Lambda function "
                                    + "integrated with " + method + " " + path + " (" + e.getKey() + ")"));
                    functions.computeIfAbsent(functionId, id -> function(id, functionNames.get(id),
                            properties(resources.get(id)), values));
                    routes.add(new Route(path, method, type, functionId, timeout, Map.of()));
                }
                case "MOCK" -> {
                    List<Map<String, Object>> responses = (List<Map<String, Object>>)
                            integration.getOrDefault("IntegrationResponses", List.of());
                    routes.add(new Route(path, method, type, null, timeout,
                            responses.isEmpty() ? Map.of() : responses.get(0)));
                }
                default -> throw new IllegalStateException("local mode serves AWS_PROXY and MOCK integrations; "
                        + method + " " + path + " (" + e.getKey() + ") uses " + type);
            }
        }
        if (routes.isEmpty()) {
            throw new IllegalStateException("the template has no AWS::ApiGateway::Method to serve");
        }

        Map<String, GatewayResponseSpec> gatewayResponses = new LinkedHashMap<>();
        for (var e : ofType(resources, "AWS::ApiGateway::GatewayResponse").entrySet()) {
            Map<String, Object> props = properties(e.getValue());
            String type = String.valueOf(props.get("ResponseType"));
            Optional<Integer> status = Optional.ofNullable(props.get("StatusCode"))
                    .map(s -> Integer.parseInt(String.valueOf(s)));
            Map<String, String> headers = new LinkedHashMap<>();
            ((Map<String, Object>) props.getOrDefault("ResponseParameters", Map.of())).forEach((k, v) -> {
                String prefix = "gatewayresponse.header.";
                if (k.startsWith(prefix) && v instanceof String s && s.length() >= 2 && s.startsWith("'")
                        && s.endsWith("'")) {
                    headers.put(k.substring(prefix.length()), s.substring(1, s.length() - 1));
                }
            });
            Map<String, String> templates = new LinkedHashMap<>();
            ((Map<String, Object>) props.getOrDefault("ResponseTemplates", Map.of()))
                    .forEach((k, v) -> templates.put(k, String.valueOf(v)));
            gatewayResponses.put(type, new GatewayResponseSpec(type, status, headers, templates));
        }

        String stage = ofType(resources, "AWS::ApiGateway::Stage").values().stream()
                .map(r -> properties(r).get("StageName"))
                .filter(String.class::isInstance).map(String.class::cast)
                .findFirst().orElse("prod");
        Set<String> binary = new LinkedHashSet<>();
        ofType(resources, "AWS::ApiGateway::RestApi").values().forEach(r -> {
            Object types = properties(r).get("BinaryMediaTypes");
            if (types instanceof List<?> list) {
                list.forEach(t -> binary.add(String.valueOf(t)));
            }
        });
        return new ApiTemplate(stackName, tables, functions, routes, gatewayResponses, stage, binary);
    }

    @SuppressWarnings("unchecked")
    private static FunctionSpec function(String id, String name, Map<String, Object> props, TemplateValues values) {
        Map<String, String> env = new LinkedHashMap<>();
        Map<String, Object> environment = (Map<String, Object>) props.getOrDefault("Environment", Map.of());
        ((Map<String, Object>) environment.getOrDefault("Variables", Map.of()))
                .forEach((k, v) -> env.put(k, values.resolve(v, id + ".Environment.Variables." + k)));
        int timeout = props.get("Timeout") instanceof Number n ? n.intValue() : DEFAULT_FUNCTION_TIMEOUT_S;
        int memory = props.get("MemorySize") instanceof Number n ? n.intValue() : 128;
        return new FunctionSpec(id, name, String.valueOf(props.get("Handler")), timeout, memory, env);
    }

    /** The logical id of the function an integration URI invokes, through an alias or version if need be. */
    @SuppressWarnings("unchecked")
    private static Optional<String> functionBehind(Map<String, Map<String, Object>> resources, Object value) {
        if (value instanceof Map<?, ?> map) {
            Object ref = map.get("Ref");
            Object getAtt = map.get("Fn::GetAtt");
            String target = ref instanceof String s ? s
                    : getAtt instanceof List<?> l && !l.isEmpty() ? String.valueOf(l.get(0)) : null;
            if (target != null && resources.containsKey(target)) {
                Map<String, Object> resource = resources.get(target);
                return switch (String.valueOf(resource.get("Type"))) {
                    case "AWS::Lambda::Function" -> Optional.of(target);
                    case "AWS::Lambda::Alias", "AWS::Lambda::Version" ->
                            functionBehind(resources, properties(resource).get("FunctionName"));
                    default -> Optional.empty();
                };
            }
            for (Object nested : ((Map<String, Object>) map).values()) {
                Optional<String> found = functionBehind(resources, nested);
                if (found.isPresent()) {
                    return found;
                }
            }
        } else if (value instanceof List<?> list) {
            for (Object nested : list) {
                Optional<String> found = functionBehind(resources, nested);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    /** The path of an API Gateway resource id: {@code /} for the root, else the parents' path parts joined. */
    @SuppressWarnings("unchecked")
    static String resourcePath(Map<String, Map<String, Object>> resources, Object resourceId, String where) {
        if (resourceId instanceof Map<?, ?> map && map.get("Fn::GetAtt") instanceof List<?> l
                && l.size() == 2 && "RootResourceId".equals(l.get(1))) {
            return "/";
        }
        if (resourceId instanceof Map<?, ?> map && map.get("Ref") instanceof String id
                && resources.containsKey(id)) {
            Map<String, Object> props = properties(resources.get(id));
            String parent = resourcePath(resources, props.get("ParentId"), id);
            return (parent.equals("/") ? "" : parent) + "/" + props.get("PathPart");
        }
        throw new IllegalStateException("local mode cannot resolve the API resource " + resourceId + " of " + where);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> properties(Map<String, Object> resource) {
        return (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
    }

    static Map<String, Map<String, Object>> ofType(Map<String, Map<String, Object>> resources, String type) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        resources.forEach((id, r) -> {
            if (type.equals(r.get("Type"))) {
                out.put(id, r);
            }
        });
        return out;
    }

    String stackName() {
        return stackName;
    }

    List<TableSpec> tables() {
        return tables;
    }

    Map<String, FunctionSpec> functions() {
        return functions;
    }

    List<Route> routes() {
        return routes;
    }

    Map<String, GatewayResponseSpec> gatewayResponses() {
        return gatewayResponses;
    }

    String stageName() {
        return stageName;
    }

    Set<String> binaryMediaTypes() {
        return binaryMediaTypes;
    }
}
