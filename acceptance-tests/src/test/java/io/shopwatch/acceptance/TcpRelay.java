package io.shopwatch.acceptance;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A byte-for-byte TCP relay on a loopback port the system picks, to a target whose port is known only later. It lets
 * a service be started with the address of another one that is still starting (both bind port 0), so that they start
 * side by side. Connections made before the target is known wait for it.
 */
final class TcpRelay implements AutoCloseable {

    private final ServerSocket server;
    private final CompletableFuture<Integer> target = new CompletableFuture<>();
    private volatile boolean closed;

    TcpRelay() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::accept, "relay-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** From now on (and for the connections waiting), bytes go to 127.0.0.1:{@code port}. */
    void target(int port) {
        target.complete(port);
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Thread t = new Thread(() -> relay(client), "relay-" + client.getPort());
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void relay(Socket client) {
        try (client;
                Socket upstream = new Socket()) {
            upstream.connect(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), target.get(120, TimeUnit.SECONDS)));
            Thread back = new Thread(() -> pipe(upstream, client), "relay-back-" + client.getPort());
            back.setDaemon(true);
            back.start();
            pipe(client, upstream);
            back.join();
        } catch (IOException | ExecutionException | TimeoutException | IllegalArgumentException e) {
            // the connection ends; the caller sees a closed socket, as with a store that is down
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pipe(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // one side went away: close both
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        target.complete(-1);
        try {
            server.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}
