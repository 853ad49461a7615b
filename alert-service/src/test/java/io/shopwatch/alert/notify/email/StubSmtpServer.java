package io.shopwatch.alert.notify.email;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An SMTP server that answers one connection with a chosen greeting and a chosen reply to RCPT TO, for failures a real
 * server in a test cannot easily be made to give (a rejected recipient, a busy mailbox, a server closing down).
 */
final class StubSmtpServer implements AutoCloseable {

    private final ServerSocket server;
    private final Thread thread;

    StubSmtpServer(String greeting, String rcptReply) throws IOException {
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        thread = new Thread(() -> serve(greeting, rcptReply), "stub-smtp");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void serve(String greeting, String rcptReply) {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                BufferedReader in =
                        new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream out = s.getOutputStream();
                reply(out, greeting);
                if (!greeting.startsWith("220")) {
                    continue;
                }
                String line;
                boolean data = false;
                while ((line = in.readLine()) != null) {
                    if (data) {
                        if (line.equals(".")) {
                            data = false;
                            reply(out, "250 2.0.0 queued");
                        }
                        continue;
                    }
                    String verb =
                            line.length() < 4 ? line : line.substring(0, 4).toUpperCase(Locale.ROOT);
                    switch (verb) {
                        case "EHLO" -> reply(out, "250-stub.example\r\n250 8BITMIME");
                        case "HELO", "MAIL", "RSET", "NOOP" -> reply(out, "250 2.0.0 OK");
                        case "RCPT" -> reply(out, rcptReply);
                        case "DATA" -> {
                            data = true;
                            reply(out, "354 go ahead");
                        }
                        case "QUIT" -> {
                            reply(out, "221 2.0.0 bye");
                            return;
                        }
                        default -> reply(out, "502 5.5.2 unknown command");
                    }
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
