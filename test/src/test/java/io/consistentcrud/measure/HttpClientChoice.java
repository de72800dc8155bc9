package io.consistentcrud.measure;

import io.consistentcrud.testing.LocalDynamoDb;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Measures the per-call latency of the SDK's synchronous HTTP clients against DynamoDB Local over loopback HTTP:
 * the figures behind the runtime's choice of HTTP client (docs/runtime.md). Prints a markdown table.
 *
 * <p>Also times a fresh JVM to its first conditional put and consistent get with each client (median of several
 * runs), with JVM defaults and with the flags Lambda sets, when {@code -Dmeasure.classpath} names the test classpath.
 * Run it with {@code scripts/measure-http-clients.sh}.
 */
public final class HttpClientChoice {
    private static final int WARM_UP = 500;
    private static final int MEASURED = 3000;

    private HttpClientChoice() {
    }

    public static void main(String[] args) {
        try (LocalDynamoDb engine = LocalDynamoDb.server()) {
            engine.client().createTable(b -> b.tableName("http-client-choice")
                    .keySchema(k -> k.attributeName("id").keyType("HASH"))
                    .attributeDefinitions(a -> a.attributeName("id").attributeType("S"))
                    .billingMode("PAY_PER_REQUEST"));
            System.out.println("| HTTP client | put p50 ms | put p99 ms | get p50 ms | get p99 ms | calls/s (put+get) |");
            System.out.println("|---|---|---|---|---|---|");
            for (int round = 0; round < 2; round++) {
                measure("url-connection-client", UrlConnectionHttpClient::create, engine.endpoint(), round);
                measure("apache-client", ApacheHttpClient::create, engine.endpoint(), round);
            }
            String classpath = System.getProperty("measure.classpath");
            if (classpath != null) {
                System.out.println();
                System.out.println("| HTTP client | JVM flags | fresh JVM to first put+get, median ms (" + COLD_RUNS
                        + " runs) | min | max |");
                System.out.println("|---|---|---|---|---|");
                for (List<String> flags : List.of(List.<String>of(),
                        List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1"))) {
                    for (String name : List.of("url-connection-client", "apache-client")) {
                        cold(name, flags, classpath, engine.endpoint());
                    }
                }
            }
        }
    }

    private static final int COLD_RUNS = 7;

    private static void cold(String name, List<String> flags, String classpath, URI endpoint) {
        long[] runs = new long[COLD_RUNS];
        for (int i = 0; i < COLD_RUNS; i++) {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(flags);
            command.addAll(List.of("-cp", classpath, ColdCall.class.getName(), name, endpoint.toString()));
            try {
                Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                if (p.waitFor() != 0) {
                    throw new IllegalStateException(name + " cold run failed: " + out);
                }
                String[] lines = out.split("\n");
                runs[i] = Long.parseLong(lines[lines.length - 1].trim());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        Arrays.sort(runs);
        System.out.printf("| %s | %s | %d | %d | %d |%n", name, flags.isEmpty() ? "defaults" : String.join(" ", flags),
                runs[COLD_RUNS / 2], runs[0], runs[COLD_RUNS - 1]);
    }

    private static void measure(String name, Supplier<SdkHttpClient> http, URI endpoint, int round) {
        try (SdkHttpClient httpClient = http.get();
             DynamoDbClient client = DynamoDbClient.builder().endpointOverride(endpoint).region(LocalDynamoDb.REGION)
                     .credentialsProvider(LocalDynamoDb.CREDENTIALS).httpClient(httpClient).build()) {
            long[] puts = new long[MEASURED];
            long[] gets = new long[MEASURED];
            for (int i = 0; i < WARM_UP + MEASURED; i++) {
                Map<String, AttributeValue> key = Map.of("id", AttributeValue.fromS(name + "-" + (i % 50)));
                long t0 = System.nanoTime();
                client.putItem(b -> b.tableName("http-client-choice").item(Map.of(
                        "id", key.get("id"), "n", AttributeValue.fromN("1"))));
                long t1 = System.nanoTime();
                client.getItem(b -> b.tableName("http-client-choice").key(key).consistentRead(true));
                long t2 = System.nanoTime();
                if (i >= WARM_UP) {
                    puts[i - WARM_UP] = t1 - t0;
                    gets[i - WARM_UP] = t2 - t1;
                }
            }
            long total = Arrays.stream(puts).sum() + Arrays.stream(gets).sum();
            Arrays.sort(puts);
            Arrays.sort(gets);
            System.out.printf("| %s (round %d) | %.2f | %.2f | %.2f | %.2f | %.0f |%n", name, round + 1,
                    ms(puts[MEASURED / 2]), ms(puts[MEASURED * 99 / 100]), ms(gets[MEASURED / 2]),
                    ms(gets[MEASURED * 99 / 100]), 2.0 * MEASURED / (total / 1e9));
        }
    }

    private static double ms(long nanos) {
        return Duration.ofNanos(nanos).toNanos() / 1e6;
    }
}
