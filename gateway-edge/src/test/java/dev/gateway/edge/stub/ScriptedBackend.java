package dev.gateway.edge.stub;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend that answers every HTTP/1.1 request with bytes a test wrote, to show how the edge reads
 * answers framed every legal way, and broken ones. Counts the connections it accepted; with
 * {@code closeAfterAnswer} it closes each connection after one answer without saying so.
 */
public final class ScriptedBackend implements AutoCloseable {
    private final ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile String answer;
    private volatile boolean closeAfterAnswer;

    private ScriptedBackend() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::accept);
    }

    public static ScriptedBackend start() throws IOException {
        return new ScriptedBackend();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** What every request gets from now on, written as is. */
    public ScriptedBackend answer(String raw) {
        this.answer = raw;
        return this;
    }

    public ScriptedBackend closeAfterAnswer(boolean close) {
        this.closeAfterAnswer = close;
        return this;
    }

    public int connections() {
        return connections.get();
    }

    public int requests() {
        return requests.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (readRequest(in)) {
                requests.incrementAndGet();
                out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                if (closeAfterAnswer) {
                    return;
                }
            }
        } catch (IOException e) {
            // the edge closed the connection
        }
    }

    /** Reads one request's head and its body of declared length; false at the end of the connection. */
    private static boolean readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        for (int b = in.read(); b >= 0; b = in.read()) {
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
            if (matched == 4) {
                in.readNBytes(contentLength(head.toString(StandardCharsets.ISO_8859_1)));
                return true;
            }
        }
        return false;
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return 0;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
