package dev.gateway.edge.stub;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;

/**
 * A hub that accepts one WebSocket upgrade and then drops the TCP connection without a close frame when
 * told to, as a crashed hub does.
 */
public final class AbruptHub implements AutoCloseable {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final ServerSocket server;
    private final CountDownLatch upgraded = new CountDownLatch(1);
    private volatile Socket socket;

    public AbruptHub() throws IOException {
        server = new ServerSocket(0);
        Thread.ofVirtual().start(this::acceptOne);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Drops the connection of the accepted socket, once it has been upgraded. */
    public void crash() throws Exception {
        upgraded.await();
        socket.setSoLinger(true, 0);
        socket.close();
    }

    private void acceptOne() {
        try {
            socket = server.accept();
            BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            String key = null;
            for (String line = reader.readLine(); line != null && !line.isEmpty(); line = reader.readLine()) {
                if (line.toLowerCase().startsWith("sec-websocket-key:")) {
                    key = line.substring(line.indexOf(':') + 1).trim();
                }
            }
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            upgraded.countDown();
        } catch (IOException e) {
            upgraded.countDown();
        }
    }

    private static String accept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
