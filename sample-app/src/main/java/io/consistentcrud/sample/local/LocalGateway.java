package io.consistentcrud.sample.local;

import static java.util.concurrent.CompletableFuture.completedFuture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/**
 * The local stand-in for API Gateway's REST API: it turns each HTTP request into a REST proxy event for the
 * integrated function, waits at most the integration timeout, and answers what the function answered, or the
 * gateway's own response (504 at the timeout while the function runs on, 403 for a path no method serves, 4xx for
 * a request it cannot take), always rendered from the template's gateway responses.
 *
 * <p>Paths are read as API Gateway's REST APIs read them: the event's {@code path} and {@code requestContext.path}
 * keep the client's percent-encoding; a {@code %2F} never splits a path segment, and it stays {@code %2F} in
 * {@code pathParameters} while every other escape is decoded (UTF-8).
 */
final class LocalGateway implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LocalGateway.class.getName());
    /** API Gateway's payload limit. */
    static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
    /**
     * API Gateway's quota on the request line and header values together (REST APIs); the local gateway counts the
     * whole head, names included.
     */
    static final int MAX_HEAD_BYTES = 10_240;
    /**
     * The whole-request deadline: a request whose last byte has not arrived this long after its first is answered
     * 408 and its connection closed. On loopback a 10 MB body takes milliseconds; only a broken or hostile client
     * is this slow.
     */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    /** How long a kept-alive connection may wait for its next request. */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);
    /**
     * Threads that frame requests and hand them to their functions (none waits for a function: its answer is written
     * by the thread that completes it); tasks beyond them wait in a bounded queue. Connections, idle or slow, hold
     * none.
     */
    static final int THREADS = 64;
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);

    private final ApiTemplate api;
    private final Routes routes;
    private final Map<String, LocalFunction> functions;
    private final GatewayResponses gatewayResponses;
    private final Integer integrationTimeoutOverrideMs;
    private final String callerArn;
    private final LoopbackHttpServer server;
    private final RequestValidators requestValidators;
    private final String openApiDocument;

    /**
     * @param integrationTimeoutOverrideMs the integration timeout of every method, or null for the template's
     * @param callerArn                    the caller identity reported in {@code requestContext.identity.userArn}
     * @param port                         the loopback port, 0 for any free one
     */
    LocalGateway(ApiTemplate api, Map<String, LocalFunction> functions, Integer integrationTimeoutOverrideMs,
                 String callerArn, int port) {
        this(api, functions, integrationTimeoutOverrideMs, callerArn, port, null, null);
    }

    /**
     * @param requestValidators the template's request validators (required parameters, request models), enforced as
     *                        API Gateway's validators do; null for none
     * @param openApiDocument the API's OpenAPI document, served at {@value #OPENAPI_PATH}; null for none
     */
    LocalGateway(ApiTemplate api, Map<String, LocalFunction> functions, Integer integrationTimeoutOverrideMs,
                 String callerArn, int port, RequestValidators requestValidators, String openApiDocument) {
        this.requestValidators = requestValidators;
        this.openApiDocument = openApiDocument;
        this.api = Objects.requireNonNull(api);
        this.routes = new Routes(api.routes());
        this.functions = Map.copyOf(functions);
        this.gatewayResponses = new GatewayResponses(api.gatewayResponses());
        this.integrationTimeoutOverrideMs = integrationTimeoutOverrideMs;
        this.callerArn = Objects.requireNonNull(callerArn);
        LoopbackHttpServer.Limits limits = new LoopbackHttpServer.Limits(MAX_HEAD_BYTES, MAX_BODY_BYTES,
                REQUEST_TIMEOUT, IDLE_TIMEOUT, THREADS);
        this.server = new LoopbackHttpServer(port, 256, limits, new LoopbackHttpServer.Handler() {
            @Override
            public CompletableFuture<LoopbackHttpServer.Response> serve(LoopbackHttpServer.Request request) {
                return LocalGateway.this.serve(request);
            }

            @Override
            public LoopbackHttpServer.Response reject(LoopbackHttpServer.Rejection rejection,
                                                      InetSocketAddress remote) {
                return LocalGateway.this.reject(rejection, remote);
            }
        });
    }

    /** Binds the loopback port and serves. */
    void start() throws IOException {
        server.start();
    }

    /** The base URL, {@code http://127.0.0.1:<port>}. */
    URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    private CompletableFuture<LoopbackHttpServer.Response> serve(LoopbackHttpServer.Request request) {
        long started = System.nanoTime();
        String requestId = UUID.randomUUID().toString();
        return answer(request, requestId).thenApply(response -> {
            LOG.info(() -> String.format(Locale.ROOT, "%s %s -> %d in %d ms (requestId %s)",
                    request.method(), request.rawPath(), response.status(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), requestId));
            return response;
        });
    }

    private LoopbackHttpServer.Response reject(LoopbackHttpServer.Rejection rejection, InetSocketAddress remote) {
        String requestId = UUID.randomUUID().toString();
        GatewayResponses.Type type = switch (rejection) {
            case MALFORMED -> GatewayResponses.Type.MALFORMED_REQUEST;
            case TARGET_NOT_A_PATH -> GatewayResponses.Type.TARGET_NOT_A_PATH;
            case AMBIGUOUS_BODY_LENGTH -> GatewayResponses.Type.AMBIGUOUS_BODY_LENGTH;
            case HEAD_TOO_LARGE -> GatewayResponses.Type.REQUEST_HEADERS_TOO_LARGE;
            case BODY_TOO_LARGE -> GatewayResponses.Type.REQUEST_TOO_LARGE;
            case REQUEST_TIMEOUT -> GatewayResponses.Type.REQUEST_TIMEOUT;
            case HANDLER_FAILED -> GatewayResponses.Type.GATEWAY_FAILURE;
        };
        Map<String, String> context = new LinkedHashMap<>();
        context.put("requestId", requestId);
        context.put("stage", api.stageName());
        context.put("identity.sourceIp", remote.getAddress().getHostAddress());
        LOG.info(() -> "rejected a request from " + remote + " as " + rejection + " (requestId " + requestId + ")");
        return response(gatewayResponses.render(type, context), requestId);
    }

    private static LoopbackHttpServer.Response response(GatewayResponses.Rendered r, String requestId) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        r.headers().forEach((k, v) -> headers.put(k, List.of(v)));
        return withRequestId(new LoopbackHttpServer.Response(r.status(), headers,
                r.body().getBytes(StandardCharsets.UTF_8)), requestId);
    }

    private static LoopbackHttpServer.Response withRequestId(LoopbackHttpServer.Response r, String requestId) {
        Map<String, List<String>> headers = new LinkedHashMap<>(r.headers());
        if (headers.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("Content-Type")) && r.body().length > 0) {
            headers.put("Content-Type", List.of("application/json"));
        }
        headers.put("x-amzn-RequestId", List.of(requestId));
        return new LoopbackHttpServer.Response(r.status(), headers, r.body());
    }

    /** Where the local mode serves the API's OpenAPI document (a path no entity can have: names have no dot). */
    static final String OPENAPI_PATH = LocalMode.OPENAPI_PATH;

    /**
     * The answer to a request, completed by the function's thread (or at the integration timeout): no thread of the
     * server waits for a function.
     */
    private CompletableFuture<LoopbackHttpServer.Response> answer(LoopbackHttpServer.Request request,
                                                                  String requestId) {
        String method = request.method();
        String rawPath = request.rawPath();
        if (openApiDocument != null && method.equals("GET") && rawPath.equals(OPENAPI_PATH)) {
            return completedFuture(withRequestId(new LoopbackHttpServer.Response(200, Map.of("Content-Type",
                    List.of("application/json")), openApiDocument.getBytes(StandardCharsets.UTF_8)), requestId));
        }
        Map<String, String> context = new LinkedHashMap<>();
        context.put("requestId", requestId);
        context.put("stage", api.stageName());
        context.put("httpMethod", method);
        context.put("path", rawPath);
        context.put("identity.sourceIp", request.remote().getAddress().getHostAddress());

        List<String> segments;
        Map<String, List<String>> query;
        try {
            segments = segments(rawPath);
            query = query(request.rawQuery());
        } catch (IllegalArgumentException malformed) {
            return completedFuture(response(gatewayResponses.render(GatewayResponses.Type.MALFORMED_REQUEST,
                    context), requestId));
        }
        ApiPath apiPath = apiPath(method, rawPath, segments);
        Optional<Routes.Match> match = routes.match(method, apiPath.segments);
        if (match.isEmpty()) {
            return completedFuture(response(gatewayResponses.render(
                    GatewayResponses.Type.MISSING_AUTHENTICATION_TOKEN, context), requestId));
        }
        ApiTemplate.Route route = match.get().route();
        context.put("resourcePath", route.resourcePath());
        if (route.integrationType().equals("MOCK")) {
            return completedFuture(withRequestId(mock(route), requestId));
        }
        Optional<String> missing = requestValidators == null ? Optional.empty()
                : requestValidators.missingParameters(method, route.resourcePath(), query, request::header);
        if (missing.isPresent()) {
            return completedFuture(validatorRefusal(GatewayResponses.Type.BAD_REQUEST_PARAMETERS, missing.get(),
                    context, requestId));
        }
        Optional<String> refusal = bodyRefusal(request, route);
        if (refusal.isPresent()) {
            return completedFuture(validatorRefusal(GatewayResponses.Type.BAD_REQUEST_BODY, refusal.get(), context,
                    requestId));
        }
        byte[] event = event(request, match.get(), apiPath.rawPath, query, requestId);
        int timeoutMs = integrationTimeoutOverrideMs != null ? integrationTimeoutOverrideMs : route.timeoutMillis();
        return functions.get(route.functionId()).invoke(event)
                .thenApply(outcome -> integrationAnswer(outcome, context, requestId))
                // As API Gateway: the client gets 504 now; the function runs on and may still commit.
                .completeOnTimeout(null, timeoutMs, TimeUnit.MILLISECONDS)
                .thenApply(answer -> answer != null ? answer : response(gatewayResponses.render(
                        GatewayResponses.Type.INTEGRATION_TIMEOUT, context), requestId));
    }

    /** A request validator's refusal, its error in {@code $context.error.validationErrorString}, as API Gateway's. */
    private LoopbackHttpServer.Response validatorRefusal(GatewayResponses.Type type, String validationError,
                                                         Map<String, String> context, String requestId) {
        context.put("error.validationErrorString", validationError);
        return response(gatewayResponses.render(type, context), requestId);
    }

    /** The function's outcome as the gateway answers it: its proxy response, or 502. */
    private LoopbackHttpServer.Response integrationAnswer(LocalFunction.Outcome outcome, Map<String, String> context,
                                                          String requestId) {
        if (outcome.failure() != null) {
            LOG.warning(() -> "request " + requestId + ": function " + outcome.failure() + ": " + outcome.detail());
            return response(gatewayResponses.render(GatewayResponses.Type.INTEGRATION_FAILURE, context), requestId);
        }
        return proxyResponse(outcome.output()).map(r -> withRequestId(r, requestId)).orElseGet(() -> {
            LOG.warning(() -> "request " + requestId + ": malformed Lambda proxy response");
            return response(gatewayResponses.render(GatewayResponses.Type.INTEGRATION_FAILURE, context), requestId);
        });
    }

    /**
     * As API Gateway's request validator: a JSON body (or one without Content-Type, which API Gateway reads as JSON)
     * of a method with a model must match it; other media types pass on to the function, which answers 415.
     */
    private Optional<String> bodyRefusal(LoopbackHttpServer.Request request, ApiTemplate.Route route) {
        String contentType = request.header("Content-Type");
        if (requestValidators == null || contentType != null
                && !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            return Optional.empty();
        }
        // API Gateway validates the text it decoded, bytes that are not UTF-8 turned into U+FFFD, as the function
        // then receives it; the runtime refuses that mark (400 invalid-encoding).
        byte[] text = request.body() == null ? null
                : new String(request.body(), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
        return requestValidators.refusal(request.method(), route.resourcePath(), text);
    }

    /** The API's stage, the prefix under which every path is served too. */
    String stageName() {
        return api.stageName();
    }

    /** A request's path as the API sees it: without the stage prefix, raw and as matched segments. */
    private record ApiPath(String rawPath, List<String> segments) {
    }

    /**
     * The path of a request without the stage prefix, when it came with one. Paths are served as they are and also
     * under the stage prefix ({@code /prod/users}), so URLs built from {@code requestContext.path} work locally as
     * they do on API Gateway.
     */
    private ApiPath apiPath(String method, String rawPath, List<String> segments) {
        if (routes.match(method, segments).isEmpty() && !segments.isEmpty()
                && segments.get(0).equals(api.stageName())) {
            String withoutStage = rawPath.substring(rawPath.indexOf('/', 1) < 0 ? rawPath.length()
                    : rawPath.indexOf('/', 1));
            return new ApiPath(withoutStage.isEmpty() ? "/" : withoutStage, segments.subList(1, segments.size()));
        }
        return new ApiPath(rawPath, segments);
    }

    /**
     * The path's segments, split on {@code /} only, each decoded as API Gateway decodes path parameters: every
     * percent-escape but {@code %2F} (kept as the three characters, as API Gateway passes an encoded slash on).
     *
     * @throws IllegalArgumentException for a malformed percent-escape, or bytes that are not UTF-8
     */
    static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        String path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        if (path.isEmpty()) {
            return out;
        }
        for (String s : path.split("/", -1)) {
            out.add(percentDecode(s, true));
        }
        return out;
    }

    /**
     * Percent-decodes UTF-8 text. A {@code +} stays a plus (it means a space in form bodies only).
     *
     * @param keepEncodedSlash leave {@code %2F} as it is
     * @throws IllegalArgumentException for a malformed escape or bytes that are not UTF-8
     */
    static String percentDecode(String s, boolean keepEncodedSlash) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '%') {
                bytes.write(c);
                continue;
            }
            if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0
                    || Character.digit(s.charAt(i + 2), 16) < 0) {
                throw new IllegalArgumentException("malformed percent-escape");
            }
            int b = Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16);
            if (keepEncodedSlash && b == '/') {
                bytes.write('%');
                bytes.write(s.charAt(i + 1));
                bytes.write(s.charAt(i + 2));
            } else {
                bytes.write(b);
            }
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("percent-escapes that are not UTF-8", e);
        }
    }

    private byte[] event(LoopbackHttpServer.Request request, Routes.Match match, String path,
                         Map<String, List<String>> query, String requestId) {
        String method = request.method();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        request.headers().forEach(h -> headers.computeIfAbsent(h.getKey(), k -> new ArrayList<>()).add(h.getValue()));
        String sourceIp = request.remote().getAddress().getHostAddress();
        headers.putIfAbsent("X-Forwarded-For", List.of(sourceIp));
        headers.putIfAbsent("X-Forwarded-Port", List.of(Integer.toString(server.port())));
        headers.putIfAbsent("X-Forwarded-Proto", List.of("http"));
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);

        JsonWriter w = JsonWriter.create();
        w.writeStartObject();
        w.writeFieldName("resource").writeValue(match.route().resourcePath());
        w.writeFieldName("path").writeValue(path);
        w.writeFieldName("httpMethod").writeValue(method);
        writeSingle(w, "headers", headers);
        writeMulti(w, "multiValueHeaders", headers);
        writeSingle(w, "queryStringParameters", query);
        writeMulti(w, "multiValueQueryStringParameters", query);
        w.writeFieldName("pathParameters");
        if (match.pathParameters().isEmpty()) {
            w.writeNull();
        } else {
            w.writeStartObject();
            match.pathParameters().forEach((k, v) -> w.writeFieldName(k).writeValue(v));
            w.writeEndObject();
        }
        w.writeFieldName("stageVariables").writeNull();
        w.writeFieldName("requestContext").writeStartObject();
        w.writeFieldName("resourceId").writeValue("local");
        w.writeFieldName("resourcePath").writeValue(match.route().resourcePath());
        w.writeFieldName("httpMethod").writeValue(method);
        w.writeFieldName("extendedRequestId").writeValue(requestId);
        w.writeFieldName("requestTime").writeValue(REQUEST_TIME.format(now));
        w.writeFieldName("requestTimeEpoch").writeValue(now.toInstant().toEpochMilli());
        w.writeFieldName("path").writeValue("/" + api.stageName() + path);
        w.writeFieldName("accountId").writeValue(TemplateValues.LOCAL_ACCOUNT);
        w.writeFieldName("protocol").writeValue(request.protocol());
        w.writeFieldName("stage").writeValue(api.stageName());
        w.writeFieldName("domainPrefix").writeValue("127");
        w.writeFieldName("domainName").writeValue(baseUri().getAuthority());
        w.writeFieldName("apiId").writeValue("local");
        w.writeFieldName("requestId").writeValue(requestId);
        w.writeFieldName("identity").writeStartObject();
        w.writeFieldName("sourceIp").writeValue(sourceIp);
        w.writeFieldName("userAgent");
        writeNullable(w, request.header("User-Agent"));
        w.writeFieldName("userArn").writeValue(callerArn);
        w.writeFieldName("caller").writeValue(callerArn);
        w.writeFieldName("user").writeValue(callerArn);
        w.writeFieldName("accountId").writeValue(TemplateValues.LOCAL_ACCOUNT);
        w.writeFieldName("accessKey").writeNull();
        w.writeFieldName("cognitoIdentityPoolId").writeNull();
        w.writeFieldName("cognitoIdentityId").writeNull();
        w.writeFieldName("cognitoAuthenticationType").writeNull();
        w.writeFieldName("cognitoAuthenticationProvider").writeNull();
        w.writeEndObject();
        w.writeEndObject();
        byte[] body = request.body();
        boolean binary = isBinary(request.header("Content-Type"));
        w.writeFieldName("body");
        if (body.length == 0) {
            w.writeNull();
        } else {
            w.writeValue(binary ? Base64.getEncoder().encodeToString(body) : new String(body, StandardCharsets.UTF_8));
        }
        w.writeFieldName("isBase64Encoded").writeValue(binary && body.length > 0);
        w.writeEndObject();
        return w.getBytes();
    }

    private boolean isBinary(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        for (String pattern : api.binaryMediaTypes()) {
            String p = pattern.toLowerCase(Locale.ROOT);
            if (p.equals("*/*") || p.equals(type) || (p.endsWith("/*") && type.startsWith(p.substring(0, p.length() - 1)))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Query string parameters, decoded as a form's ({@code +} is a space).
     *
     * @throws IllegalArgumentException for a malformed percent-escape or bytes that are not UTF-8
     */
    private static Map<String, List<String>> query(String rawQuery) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = percentDecode((eq < 0 ? pair : pair.substring(0, eq)).replace('+', ' '), false);
            String v = eq < 0 ? "" : percentDecode(pair.substring(eq + 1).replace('+', ' '), false);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    private static void writeSingle(JsonWriter w, String field, Map<String, List<String>> values) {
        w.writeFieldName(field);
        if (values.isEmpty()) {
            w.writeNull();
            return;
        }
        w.writeStartObject();
        values.forEach((k, v) -> {
            if (!v.isEmpty()) {
                w.writeFieldName(k).writeValue(v.get(v.size() - 1));
            }
        });
        w.writeEndObject();
    }

    private static void writeMulti(JsonWriter w, String field, Map<String, List<String>> values) {
        w.writeFieldName(field);
        if (values.isEmpty()) {
            w.writeNull();
            return;
        }
        w.writeStartObject();
        values.forEach((k, v) -> {
            w.writeFieldName(k).writeStartArray();
            v.forEach(w::writeValue);
            w.writeEndArray();
        });
        w.writeEndObject();
    }

    private static void writeNullable(JsonWriter w, String value) {
        if (value == null) {
            w.writeNull();
        } else {
            w.writeValue(value);
        }
    }

    /** The function's proxy response, or empty when it is not one (API Gateway answers 502 then). */
    private static Optional<LoopbackHttpServer.Response> proxyResponse(byte[] output) {
        try {
            JsonNode node = JsonNode.parser().parse(output);
            if (!node.isObject()) {
                return Optional.empty();
            }
            Map<String, JsonNode> o = node.asObject();
            JsonNode statusNode = o.get("statusCode");
            int status = statusNode == null || statusNode.isNull() ? 200
                    : Integer.parseInt(statusNode.isNumber() ? statusNode.asNumber() : statusNode.asString());
            Map<String, List<String>> headers = new LinkedHashMap<>();
            JsonNode single = o.get("headers");
            if (single != null && single.isObject()) {
                single.asObject().forEach((k, v) -> headers.put(k, new ArrayList<>(List.of(text(v)))));
            }
            JsonNode multi = o.get("multiValueHeaders");
            if (multi != null && multi.isObject()) {
                multi.asObject().forEach((k, v) -> {
                    List<String> list = headers.computeIfAbsent(k, x -> new ArrayList<>());
                    v.asArray().forEach(item -> {
                        if (!list.contains(text(item))) {
                            list.add(text(item));
                        }
                    });
                });
            }
            JsonNode bodyNode = o.get("body");
            boolean base64 = o.get("isBase64Encoded") != null && o.get("isBase64Encoded").isBoolean()
                    && o.get("isBase64Encoded").asBoolean();
            byte[] body = bodyNode == null || bodyNode.isNull() ? new byte[0]
                    : base64 ? Base64.getDecoder().decode(bodyNode.asString())
                    : bodyNode.asString().getBytes(StandardCharsets.UTF_8);
            if (status < 100 || status > 599) {
                return Optional.empty();
            }
            return Optional.of(new LoopbackHttpServer.Response(status, headers, body));
        } catch (RuntimeException malformed) {
            return Optional.empty();
        }
    }

    private static String text(JsonNode node) {
        return node.isString() ? node.asString() : node.isNumber() ? node.asNumber() : node.toString();
    }

    @SuppressWarnings("unchecked")
    private static LoopbackHttpServer.Response mock(ApiTemplate.Route route) {
        Map<String, Object> response = route.mockResponse();
        int status = response.get("StatusCode") == null ? 200 : Integer.parseInt(String.valueOf(response.get("StatusCode")));
        Map<String, List<String>> headers = new LinkedHashMap<>();
        ((Map<String, Object>) response.getOrDefault("ResponseParameters", Map.of())).forEach((k, v) -> {
            String prefix = "method.response.header.";
            if (k.startsWith(prefix) && v instanceof String s && s.length() >= 2 && s.startsWith("'")) {
                headers.put(k.substring(prefix.length()), List.of(s.substring(1, s.length() - 1)));
            }
        });
        return new LoopbackHttpServer.Response(status, headers, new byte[0]);
    }

    @Override
    public void close() {
        server.close();
    }
}
