package dev.gateway.common.websocket;

import io.helidon.common.buffers.DataReader;

/**
 * Reads client frames strictly by RFC 6455: reserved bits, unknown opcodes, unmasked frames and
 * fragmented or oversized control frames are protocol errors (1002); a data frame that would take the
 * message over {@code maxMessageBytes} is refused from its header (1009), before its payload is read.
 */
final class FrameReader {
    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;
    private static final int MAX_CONTROL_PAYLOAD = 125;

    private final DataReader reader;
    private final int maxMessageBytes;

    FrameReader(DataReader reader, int maxMessageBytes) {
        this.reader = reader;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** One frame, unmasked. */
    record Frame(int opcode, boolean fin, byte[] payload) {
        boolean isControl() {
            return (opcode & 0x8) != 0;
        }
    }

    /** A reason to close the connection (a protocol violation, a failing listener), with its close code. */
    static final class Violation extends RuntimeException {
        private final int code;

        Violation(int code, String reason) {
            super(reason, null, false, false);
            this.code = code;
        }

        int code() {
            return code;
        }
    }

    /** Reads the next frame; {@code messageBytesSoFar} is what earlier fragments of the message hold. */
    Frame next(int messageBytesSoFar) {
        int first = reader.read() & 0xFF;
        int second = reader.read() & 0xFF;
        boolean fin = (first & 0x80) != 0;
        int opcode = first & 0x0F;
        if ((first & 0x70) != 0) {
            throw new Violation(CloseCodes.PROTOCOL_ERROR, "Reserved bits set");
        }
        if (!knownOpcode(opcode)) {
            throw new Violation(CloseCodes.PROTOCOL_ERROR, "Unknown opcode " + opcode);
        }
        if ((second & 0x80) == 0) {
            throw new Violation(CloseCodes.PROTOCOL_ERROR, "Unmasked client frame");
        }
        long length = payloadLength(second & 0x7F);
        boolean control = (opcode & 0x8) != 0;
        if (control && (!fin || length > MAX_CONTROL_PAYLOAD)) {
            throw new Violation(CloseCodes.PROTOCOL_ERROR, fin ? "Control frame too long" : "Fragmented control frame");
        }
        if (!control && length > maxMessageBytes - (long) messageBytesSoFar) {
            throw new Violation(CloseCodes.TOO_BIG, "Message too big");
        }
        byte[] mask = reader.readBytes(4);
        byte[] payload = length == 0 ? new byte[0] : reader.readBytes((int) length);
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i & 3];
        }
        return new Frame(opcode, fin, payload);
    }

    private long payloadLength(int shortLength) {
        if (shortLength < 126) {
            return shortLength;
        }
        int bytes = shortLength == 126 ? 2 : 8;
        long length = 0;
        for (int i = 0; i < bytes; i++) {
            length = (length << 8) | (reader.read() & 0xFF);
        }
        if (length < 0) {
            throw new Violation(CloseCodes.PROTOCOL_ERROR, "Invalid payload length");
        }
        return length;
    }

    private static boolean knownOpcode(int opcode) {
        return opcode == CONTINUATION || opcode == TEXT || opcode == BINARY
                || opcode == CLOSE || opcode == PING || opcode == PONG;
    }
}
