package dev.gateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gateway.common.json.Json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Sends bytes as they are over a plain socket and reads one HTTP/1.1 answer, for requests the JDK client
 * refuses to send (negative lengths, broken chunks, HTTP/1.0). A server that does not answer within the
 * time limit fails the test instead of hanging it; after an answer saying {@code Connection: close}, whether
 * the server really closed the connection is noted.
 */
public final class RawHttp {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private RawHttp() {
    }

    /** Sends {@code request} (ISO-8859-1, CRLFs included) to 127.0.0.1:{@code port} and reads the answer. */
    public static Answer exchange(int port, String request) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) WAIT.toMillis());
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            Answer answer = read(socket.getInputStream());
            return answer.saysClose() ? answer.withClosed(closedWithin(socket, CLOSE_WAIT)) : answer;
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer within " + WAIT + " to " + request.lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Answer read(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine.isEmpty()) {
            throw new AssertionError("the connection closed without an answer");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
        }
        String length = headers.get("content-length");
        byte[] body = length == null ? new byte[0] : in.readNBytes(Integer.parseInt(length));
        return new Answer(Integer.parseInt(statusLine.split(" ")[1]), headers, new String(body, StandardCharsets.UTF_8),
                false);
    }

    /** True when the server closes the connection (nothing more to read) within {@code wait}. */
    private static boolean closedWithin(Socket socket, Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * One answer: its status, headers by lower-case name, and body; {@code closed} when it said
     * {@code Connection: close} and the server then closed the connection.
     */
    public record Answer(int status, Map<String, String> headers, String body, boolean closed) {
        public JsonNode json() {
            return Json.tree(body);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        boolean saysClose() {
            return "close".equalsIgnoreCase(header("Connection"));
        }

        Answer withClosed(boolean closed) {
            return new Answer(status, headers, body, closed);
        }
    }
}
