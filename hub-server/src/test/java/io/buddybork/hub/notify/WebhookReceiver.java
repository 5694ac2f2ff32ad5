package io.buddybork.hub.notify;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** The tests' webhook endpoint: records every POST and answers with the statuses it was told, else 200. */
public final class WebhookReceiver implements AutoCloseable {
    /** One received call. */
    public record Call(String path, String query, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst())
                    .findFirst()
                    .orElse(null);
        }
    }

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Integer>> answers = new ConcurrentHashMap<>();
    private final Map<String, Integer> always = new ConcurrentHashMap<>();

    public WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            String path = ex.getRequestURI().getPath();
            calls.add(new Call(
                    path,
                    ex.getRequestURI().getRawQuery(),
                    Map.copyOf(ex.getRequestHeaders()),
                    new String(body, StandardCharsets.UTF_8)));
            Integer status;
            Deque<Integer> queued = answers.get(path);
            synchronized (this) {
                status = queued == null || queued.isEmpty() ? null : queued.poll();
            }
            if (status == null) {
                status = always.getOrDefault(path, 200);
            }
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        server.start();
    }

    /** {@code http://127.0.0.1:port} + {@code path}. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next calls of {@code path} are answered with {@code statuses}, in order. */
    public synchronized void answer(String path, Integer... statuses) {
        answers.computeIfAbsent(path, p -> new ArrayDeque<>()).addAll(List.of(statuses));
    }

    /** Every call of {@code path} is answered with {@code status}. */
    public void alwaysAnswer(String path, int status) {
        always.put(path, status);
    }

    /** Calls of {@code path}. */
    public List<Call> calls(String path) {
        return calls.stream().filter(c -> c.path().equals(path)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
