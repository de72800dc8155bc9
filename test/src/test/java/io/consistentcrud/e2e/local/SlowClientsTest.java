package io.consistentcrud.e2e.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The local gateway against slow and many clients, over real sockets, with the runnable jar in a process of its own
 * so that its resident memory and threads can be read from {@code /proc}: a head trickled one byte per 2.5 s, 40
 * connections that declare 10 MiB bodies and trickle them, 300 idle connections. Each slow request is cut off with
 * a 408 problem at the whole-request deadline; memory grows with what clients sent, not with what they declared;
 * threads stay bounded; and a normal request is served at once meanwhile.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SlowClientsTest {
    private static final long MIB = 1024 * 1024;
    /** Beyond any deadline the gateway has: a client that waited this long was never answered. */
    private static final int NEVER_MS = 30_000;
    private static LocalJar jar;
    private static String host;
    private static int port;

    @BeforeAll
    static void startTheJar() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "reads /proc (Linux)");
        jar = LocalJar.start("slow-clients");
        host = jar.baseUri().getHost();
        port = jar.baseUri().getPort();
        // The sample's stage is the construct's default, under which the gateway serves every path too.
        HttpApi api = new HttpApi(jar.baseUri(), LocalJar.SAMPLE_STAGE);
        assertThat(api.put("/users/u1", "{\"userId\":\"u1\",\"name\":\"Ada\"}", Map.of("If-None-Match", "*"))
                .status()).isEqualTo(201);
        for (int i = 0; i < 20; i++) {
            assertThat(api.get("/users/u1").status()).isEqualTo(200);
        }
    }

    @AfterAll
    static void stopTheJar() throws InterruptedException {
        if (jar != null) {
            jar.close();
        }
    }

    @Test
    @Order(1)
    void aHeadTrickledOneBytePer2500ms_isCutOffAtTheRequestDeadline_with408() throws Exception {
        ExecutorService trickler = Executors.newSingleThreadExecutor();
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(NEVER_MS);
            socket.setTcpNoDelay(true);
            Future<?> sending = trickler.submit(() -> trickle(socket, "GET /users/u1 HTTP/1.1\r\nHost: local\r\n"
                    + "X-Slow: " + "s".repeat(100) + "\r\n\r\n", 1, 2_500));
            long started = System.nanoTime();

            String answer = answer(socket.getInputStream());

            sending.cancel(true);
            System.err.printf("slowloris head answered after %d ms%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            assertThat(answer).as("an answer within %d ms", NEVER_MS).containsPattern("^HTTP/1\\.[01] 408 ");
            assertThat(answer).contains("application/problem+json", "urn:consistentcrud:problem:");
        } finally {
            trickler.shutdownNow();
        }
    }

    @Test
    @Order(2)
    void fortyConnectionsDeclaring10MiBBodies_andTricklingThem_growMemoryByWhatTheySent_andAreCutOffWith408()
            throws Exception {
        long before = jar.residentBytes();
        ExecutorService clients = Executors.newFixedThreadPool(40);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                answers.add(clients.submit(() -> slowBody(10 * MIB)));
            }
            long peak = before;
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(NEVER_MS);
            while (System.nanoTime() < until && !answers.stream().allMatch(Future::isDone)) {
                peak = Math.max(peak, jar.residentBytes());
                Thread.sleep(250);
            }
            System.err.printf("40 slow 10 MiB bodies: RSS %d MB before, peak %d MB (+%d MB)%n", before / MIB,
                    peak / MIB, (peak - before) / MIB);

            assertThat(peak - before).as("RSS growth in bytes (before %d MB, peak %d MB)", before / MIB, peak / MIB)
                    .isLessThan(100 * MIB);
            for (Future<String> answer : answers) {
                assertThat(answer.isDone()).as("every slow body answered within %d ms", NEVER_MS).isTrue();
                assertThat(answer.get()).containsPattern("^HTTP/1\\.[01] 408 ").contains("application/problem+json");
            }
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    @Order(3)
    void with300IdleConnections_andSlowClients_aNormalRequestIsAnsweredAtOnce_andThreadsStayBounded()
            throws Exception {
        long threadsBefore = jar.threads();
        List<Socket> idle = new ArrayList<>();
        ExecutorService slow = Executors.newFixedThreadPool(11);
        try {
            for (int i = 0; i < 300; i++) {
                idle.add(new Socket(host, port));
            }
            for (int i = 0; i < 10; i++) {
                slow.submit(() -> slowBody(10 * MIB));
            }
            slow.submit(() -> {
                try (Socket socket = new Socket(host, port)) {
                    trickle(socket, "GET /users/u1 HTTP/1.1\r\nHost: local\r\n\r\n", 1, 2_500);
                }
                return null;
            });
            Thread.sleep(1_000);
            long threadsDuring = jar.threads();

            long started = System.nanoTime();
            String answer;
            try (Socket socket = new Socket(host, port)) {
                socket.setSoTimeout(NEVER_MS);
                socket.getOutputStream().write("GET /users/u1 HTTP/1.1\r\nHost: local\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                answer = answer(socket.getInputStream());
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            System.err.printf("normal GET beside 300 idle and 11 slow connections: %d ms; threads %d -> %d%n", millis,
                    threadsBefore, threadsDuring);

            assertThat(answer).startsWith("HTTP/1.1 200 ");
            assertThat(millis).as("a normal request's answer, in ms").isLessThan(1_000);
            assertThat(threadsDuring - threadsBefore).as("threads added for %d connections (%d -> %d)", 311,
                    threadsBefore, threadsDuring).isLessThan(100);
        } finally {
            slow.shutdownNow();
            for (Socket s : idle) {
                s.close();
            }
        }
    }

    /** Declares {@code length} bytes of body, then sends 1 KiB every 250 ms; answers the gateway's answer. */
    private static String slowBody(long length) throws IOException {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(NEVER_MS);
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /users HTTP/1.1\r\nHost: local\r\nContent-Type: application/json\r\nContent-Length: "
                    + length + "\r\n\r\n{\"name\":\"").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread sender = new Thread(() -> {
                byte[] kib = "x".repeat(1024).getBytes(StandardCharsets.US_ASCII);
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        out.write(kib);
                        out.flush();
                        Thread.sleep(250);
                    }
                } catch (IOException | InterruptedException stopped) {
                    // The gateway answered and closed, or the test ended.
                }
            });
            sender.setDaemon(true);
            sender.start();
            try {
                return answer(socket.getInputStream());
            } finally {
                sender.interrupt();
            }
        }
    }

    /** Writes {@code text}, {@code bytes} at a time, {@code pauseMs} apart, until done or the socket fails. */
    private static Void trickle(Socket socket, String text, int bytes, long pauseMs) {
        byte[] all = text.getBytes(StandardCharsets.US_ASCII);
        try {
            OutputStream out = socket.getOutputStream();
            for (int i = 0; i < all.length && !Thread.currentThread().isInterrupted(); i += bytes) {
                out.write(all, i, Math.min(bytes, all.length - i));
                out.flush();
                Thread.sleep(pauseMs);
            }
        } catch (IOException | InterruptedException stopped) {
            // The gateway answered and closed, or the test ended.
        }
        return null;
    }

    /** The answer's status line, headers and body as text, up to the end of its Content-Length body. */
    private static String answer(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) >= 0) {
                head.write(b);
                if (head.size() >= 4 && head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    break;
                }
            }
            String text = head.toString(StandardCharsets.ISO_8859_1);
            int length = 0;
            for (String line : text.split("\r\n")) {
                if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
        } catch (SocketTimeoutException e) {
            return "no answer within " + NEVER_MS + " ms: " + head.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
