package io.buddybork.edge.status;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The local status endpoint: {@code GET /metrics} (Prometheus text) and {@code GET /healthz},
 * bound to a loopback address only, served by one daemon thread. {@link #close} is idempotent.
 */
public final class StatusServer implements AutoCloseable {
    private final HttpServer server;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private StatusServer(HttpServer server) {
        this.server = server;
    }

    /**
     * Starts serving on {@code bind}:{@code port} (port 0 picks a free one).
     *
     * @param health one line describing the agent's state for {@code /healthz}
     */
    public static StatusServer start(String bind, int port, EdgeMetrics metrics, Supplier<String> health)
            throws IOException {
        InetAddress address = InetAddress.getByName(bind);
        HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 8);
        server.createContext(
                "/metrics",
                exchange ->
                        respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.renderPrometheus()));
        server.createContext(
                "/healthz", exchange -> respond(exchange, 200, "text/plain; charset=utf-8", health.get() + "\n"));
        server.createContext(
                "/",
                exchange -> respond(
                        exchange,
                        404,
                        "text/plain; charset=utf-8",
                        "buddybork edge agent: see /metrics and /healthz\n"));
        server.setExecutor(Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "status-http");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
        return new StatusServer(server);
    }

    /** The port actually bound. */
    public int port() {
        return server.getAddress().getPort();
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", type);
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
