package io.streambot.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A tiny HTTP forwarding proxy on a free loopback port in front of a local server (S3Mock has no
 * request log): it counts the requests and request-body bytes the server would have seen, and can
 * answer chosen requests itself (a 500 on the third part, a 403, a hang) to test failure paths
 * against real server behaviour everywhere else. Point the client under test at {@link #endpoint()}.
 */
public final class CountingHttpProxy implements AutoCloseable {
    private static final Set<String> NOT_FORWARDED =
            Set.of("host", "content-length", "connection", "expect", "upgrade", "transfer-encoding", "keep-alive");

    /** A request as the proxy saw it. */
    public record Seen(String method, String path, String query, long bodyBytes, Map<String, List<String>> headers) {
        /** True when the query has {@code parameter} (a name, or {@code name=value}). */
        public boolean queryHas(String parameter) {
            if (query == null) {
                return false;
            }
            for (String p : query.split("&")) {
                if (p.equals(parameter) || p.startsWith(parameter + "=")) {
                    return true;
                }
            }
            return false;
        }

        /** The first value of a request header (case-insensitive), or null. */
        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    /** An answer the proxy gives itself instead of forwarding. */
    public record Answer(int status, String contentType, String body, List<String> headers) {
        public static Answer xmlError(int status, String code, String message) {
            return new Answer(
                    status,
                    "application/xml",
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + message
                            + "</Message></Error>",
                    List.of());
        }
    }

    /** Decides, per request, whether the proxy answers it itself (non-null) or forwards it (null). */
    @FunctionalInterface
    public interface Fault {
        Answer answer(Seen request) throws InterruptedException;
    }

    private final HttpServer server;
    private final URI target;
    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final AtomicLong bodyBytes = new AtomicLong();
    private volatile Fault fault = request -> null;

    private CountingHttpProxy(URI target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "counting-proxy");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a proxy that forwards to {@code target} (scheme, host and port). */
    public static CountingHttpProxy forwardingTo(URI target) {
        try {
            return new CountingHttpProxy(target);
        } catch (IOException e) {
            throw new UncheckedIOException("the counting proxy could not start", e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Every request so far, in arrival order. */
    public List<Seen> requests() {
        return List.copyOf(seen);
    }

    /** Request-body bytes received so far. */
    public long bodyBytes() {
        return bodyBytes.get();
    }

    /** Forgets what was counted and removes the fault. */
    public void reset() {
        seen.clear();
        bodyBytes.set(0);
        fault = request -> null;
    }

    public void fault(Fault fault) {
        this.fault = fault;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            URI uri = exchange.getRequestURI();
            Seen request = new Seen(
                    exchange.getRequestMethod(),
                    uri.getRawPath(),
                    uri.getRawQuery(),
                    body.length,
                    Map.copyOf(exchange.getRequestHeaders()));
            seen.add(request);
            bodyBytes.addAndGet(body.length);
            Answer answer;
            try {
                answer = fault.answer(request);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (answer != null) {
                byte[] bytes =
                        answer.body() == null ? new byte[0] : answer.body().getBytes();
                if (answer.contentType() != null) {
                    exchange.getResponseHeaders().set("Content-Type", answer.contentType());
                }
                for (int i = 0; i + 1 < answer.headers().size(); i += 2) {
                    exchange.getResponseHeaders()
                            .add(answer.headers().get(i), answer.headers().get(i + 1));
                }
                boolean head = "HEAD".equals(request.method());
                exchange.sendResponseHeaders(answer.status(), head || bytes.length == 0 ? -1 : bytes.length);
                if (!head && bytes.length > 0) {
                    exchange.getResponseBody().write(bytes);
                }
                return;
            }
            forward(exchange, uri, body);
        }
    }

    private void forward(HttpExchange exchange, URI uri, byte[] body) throws IOException {
        HttpRequest.Builder out = HttpRequest.newBuilder(
                        target.resolve(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())))
                .method(
                        exchange.getRequestMethod(),
                        body.length == 0 && !"PUT".equals(exchange.getRequestMethod())
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                for (String v : values) {
                    try {
                        out.header(name, v);
                    } catch (IllegalArgumentException restricted) {
                        // a header java.net.http sets itself
                    }
                }
            }
        });
        HttpResponse<byte[]> response;
        try {
            response = client.send(out.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while forwarding", e);
        }
        response.headers().map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.equals("transfer-encoding")
                    && !lower.equals("connection")
                    && !lower.startsWith(":")
                    && !(lower.equals("content-length") && !"HEAD".equals(exchange.getRequestMethod()))) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        byte[] bytes = response.body();
        boolean noBody = "HEAD".equals(exchange.getRequestMethod()) || bytes.length == 0;
        exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : bytes.length);
        if (!noBody) {
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
