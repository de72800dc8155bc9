package io.consistentcrud.sample.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/**
 * The local stand-in for API Gateway's REST API: it turns each HTTP request into a REST proxy event for the
 * integrated function, waits at most the integration timeout, and answers what the function answered, or the
 * gateway's own response (504 at the timeout while the function runs on, 403 for a path no method serves).
 */
final class LocalGateway implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LocalGateway.class.getName());
    /** API Gateway's payload limit. */
    static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);

    private final ApiTemplate api;
    private final Routes routes;
    private final Map<String, LocalFunction> functions;
    private final GatewayResponses gatewayResponses;
    private final Integer integrationTimeoutOverrideMs;
    private final String callerArn;
    private final HttpServer server;
    private final ExecutorService exchanges;

    /**
     * @param integrationTimeoutOverrideMs the integration timeout of every method, or null for the template's
     * @param callerArn                    the caller identity reported in {@code requestContext.identity.userArn}
     * @param port                         the loopback port, 0 for any free one
     */
    LocalGateway(ApiTemplate api, Map<String, LocalFunction> functions, Integer integrationTimeoutOverrideMs,
                 String callerArn, int port) throws IOException {
        this.api = Objects.requireNonNull(api);
        this.routes = new Routes(api.routes());
        this.functions = Map.copyOf(functions);
        this.gatewayResponses = new GatewayResponses(api.gatewayResponses());
        this.integrationTimeoutOverrideMs = integrationTimeoutOverrideMs;
        this.callerArn = Objects.requireNonNull(callerArn);
        AtomicInteger threads = new AtomicInteger();
        this.exchanges = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "local-gateway-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
        server.setExecutor(exchanges);
        server.createContext("/", this::serve);
    }

    void start() {
        server.start();
    }

    /** The base URL, {@code http://127.0.0.1:<port>}. */
    URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void serve(HttpExchange exchange) throws IOException {
        long started = System.nanoTime();
        String requestId = UUID.randomUUID().toString();
        int status;
        try {
            Answer answer = answer(exchange, requestId);
            status = answer.status;
            send(exchange, answer, requestId);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.SEVERE, "request " + requestId + " failed in the local gateway", e);
            exchange.close();
            throw e;
        }
        LOG.info(() -> String.format(Locale.ROOT, "%s %s -> %d in %d ms (requestId %s)",
                exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), status,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), requestId));
    }

    private record Answer(int status, Map<String, List<String>> headers, byte[] body) {
        static Answer of(GatewayResponses.Rendered r) {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            r.headers().forEach((k, v) -> headers.put(k, List.of(v)));
            return new Answer(r.status(), headers, r.body().getBytes(StandardCharsets.UTF_8));
        }
    }

    private Answer answer(HttpExchange exchange, String requestId) throws IOException {
        String method = exchange.getRequestMethod();
        String rawPath = exchange.getRequestURI().getRawPath();
        Map<String, String> context = new LinkedHashMap<>();
        context.put("requestId", requestId);
        context.put("stage", api.stageName());
        context.put("httpMethod", method);
        context.put("path", rawPath);
        context.put("identity.sourceIp", exchange.getRemoteAddress().getAddress().getHostAddress());

        byte[] body = readBody(exchange.getRequestBody());
        if (body == null) {
            return Answer.of(gatewayResponses.render(GatewayResponses.Type.REQUEST_TOO_LARGE, context));
        }
        Optional<Routes.Match> match = route(method, rawPath);
        if (match.isEmpty()) {
            return Answer.of(gatewayResponses.render(GatewayResponses.Type.MISSING_AUTHENTICATION_TOKEN, context));
        }
        ApiTemplate.Route route = match.get().route();
        context.put("resourcePath", route.resourcePath());
        if (route.integrationType().equals("MOCK")) {
            return mock(route);
        }
        byte[] event = event(exchange, match.get(), body, requestId);
        int timeoutMs = integrationTimeoutOverrideMs != null ? integrationTimeoutOverrideMs : route.timeoutMillis();
        CompletableFuture<LocalFunction.Outcome> invocation = functions.get(route.functionId()).invoke(event);
        LocalFunction.Outcome outcome;
        try {
            outcome = invocation.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // As API Gateway: the client gets 504 now; the function runs on and may still commit.
            return Answer.of(gatewayResponses.render(GatewayResponses.Type.INTEGRATION_TIMEOUT, context));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the function", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the invocation future never fails", e.getCause());
        }
        if (outcome.failure() != null) {
            LOG.warning(() -> "request " + requestId + ": function " + outcome.failure() + ": " + outcome.detail());
            return Answer.of(gatewayResponses.render(GatewayResponses.Type.INTEGRATION_FAILURE, context));
        }
        return proxyResponse(outcome.output()).orElseGet(() -> {
            LOG.warning(() -> "request " + requestId + ": malformed Lambda proxy response");
            return Answer.of(gatewayResponses.render(GatewayResponses.Type.INTEGRATION_FAILURE, context));
        });
    }

    /**
     * The route of a request. Paths are served as they are and also under the stage prefix ({@code /prod/users}),
     * so URLs built from {@code requestContext.path} work locally as they do on API Gateway.
     */
    private Optional<Routes.Match> route(String method, String rawPath) {
        List<String> segments = segments(rawPath);
        Optional<Routes.Match> match = routes.match(method, segments);
        if (match.isEmpty() && !segments.isEmpty() && segments.get(0).equals(api.stageName())) {
            match = routes.match(method, segments.subList(1, segments.size()));
        }
        return match;
    }

    /** The path of a request without the stage prefix, when it came with one. */
    private String apiPath(String method, String rawPath) {
        List<String> segments = segments(rawPath);
        if (routes.match(method, segments).isEmpty() && !segments.isEmpty()
                && segments.get(0).equals(api.stageName())) {
            segments = segments.subList(1, segments.size());
        }
        return "/" + String.join("/", segments);
    }

    /** The body, or null when it is over API Gateway's limit. */
    private static byte[] readBody(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
            if (out.size() > MAX_BODY_BYTES) {
                in.transferTo(OutputStream.nullOutputStream());
                return null;
            }
        }
        return out.toByteArray();
    }

    /** Decoded path segments; a percent-encoded slash stays inside its segment. */
    static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        String path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        if (path.isEmpty()) {
            return out;
        }
        for (String s : path.split("/", -1)) {
            out.add(percentDecode(s));
        }
        return out;
    }

    private static String percentDecode(String s) {
        // URLDecoder would turn '+' into a space, which is right for query strings only.
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private byte[] event(HttpExchange exchange, Routes.Match match, byte[] body, String requestId) {
        String method = exchange.getRequestMethod();
        String rawPath = exchange.getRequestURI().getRawPath();
        String path = apiPath(method, rawPath);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
        String sourceIp = exchange.getRemoteAddress().getAddress().getHostAddress();
        headers.putIfAbsent("X-Forwarded-For", List.of(sourceIp));
        headers.putIfAbsent("X-Forwarded-Port", List.of(Integer.toString(server.getAddress().getPort())));
        headers.putIfAbsent("X-Forwarded-Proto", List.of("http"));
        Map<String, List<String>> query = query(exchange.getRequestURI().getRawQuery());
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
        w.writeFieldName("protocol").writeValue(exchange.getProtocol());
        w.writeFieldName("stage").writeValue(api.stageName());
        w.writeFieldName("domainPrefix").writeValue("127");
        w.writeFieldName("domainName").writeValue(baseUri().getAuthority());
        w.writeFieldName("apiId").writeValue("local");
        w.writeFieldName("requestId").writeValue(requestId);
        w.writeFieldName("identity").writeStartObject();
        w.writeFieldName("sourceIp").writeValue(sourceIp);
        w.writeFieldName("userAgent");
        writeNullable(w, last(headers, "User-Agent"));
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
        boolean binary = isBinary(last(headers, "Content-Type"));
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

    private static String last(Map<String, List<String>> headers, String name) {
        for (var e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(e.getValue().size() - 1);
            }
        }
        return null;
    }

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
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
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
    private static Optional<Answer> proxyResponse(byte[] output) {
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
            return Optional.of(new Answer(status, headers, body));
        } catch (RuntimeException malformed) {
            return Optional.empty();
        }
    }

    private static String text(JsonNode node) {
        return node.isString() ? node.asString() : node.isNumber() ? node.asNumber() : node.toString();
    }

    @SuppressWarnings("unchecked")
    private static Answer mock(ApiTemplate.Route route) {
        Map<String, Object> response = route.mockResponse();
        int status = response.get("StatusCode") == null ? 200 : Integer.parseInt(String.valueOf(response.get("StatusCode")));
        Map<String, List<String>> headers = new LinkedHashMap<>();
        ((Map<String, Object>) response.getOrDefault("ResponseParameters", Map.of())).forEach((k, v) -> {
            String prefix = "method.response.header.";
            if (k.startsWith(prefix) && v instanceof String s && s.length() >= 2 && s.startsWith("'")) {
                headers.put(k.substring(prefix.length()), List.of(s.substring(1, s.length() - 1)));
            }
        });
        return new Answer(status, headers, new byte[0]);
    }

    private static void send(HttpExchange exchange, Answer answer, String requestId) throws IOException {
        answer.headers.forEach((k, v) -> exchange.getResponseHeaders().put(k, v));
        if (answer.headers.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("Content-Type"))
                && answer.body.length > 0) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
        }
        exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
        boolean noBody = answer.body.length == 0 || answer.status == 204 || answer.status == 304
                || exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(answer.status, noBody ? -1 : answer.body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body);
            }
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        exchanges.shutdownNow();
    }
}
