package io.buddybork.hub.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP load balancer for tests, standing where nginx would in front of several hubs:
 * each new connection goes to the next target in turn, or to the one after it when that target
 * refuses the connection (a killed hub). Connections already open to a target that dies are cut
 * with it, as behind a real balancer. Thread-safe.
 */
public final class FailoverProxy implements AutoCloseable {
    private final List<Integer> targetPorts;
    private final AtomicInteger next = new AtomicInteger();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final ServerSocket server;

    /** Listens on a free loopback port and forwards to {@code 127.0.0.1:<port>} of each target. */
    public FailoverProxy(List<Integer> targetPorts) throws IOException {
        this.targetPorts = List.copyOf(targetPorts);
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread.ofVirtual().start(this::acceptLoop);
    }

    /** The local port to connect to. */
    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException closed) {
                return;
            }
            Thread.ofVirtual().start(() -> forward(client));
        }
    }

    private void forward(Socket client) {
        int first = Math.floorMod(next.getAndIncrement(), targetPorts.size());
        for (int i = 0; i < targetPorts.size(); i++) {
            int port = targetPorts.get((first + i) % targetPorts.size());
            Socket upstream;
            try {
                upstream = new Socket(InetAddress.getLoopbackAddress(), port);
            } catch (IOException refused) {
                continue; // that hub is down: the next one
            }
            sockets.add(client);
            sockets.add(upstream);
            Thread.ofVirtual().start(() -> pump(client, upstream));
            Thread.ofVirtual().start(() -> pump(upstream, client));
            return;
        }
        closeQuietly(client); // every hub is down
    }

    private void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException ignored) {
            // connection cut
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            sockets.remove(from);
            sockets.remove(to);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        sockets.forEach(FailoverProxy::closeQuietly);
        sockets.clear();
    }
}
