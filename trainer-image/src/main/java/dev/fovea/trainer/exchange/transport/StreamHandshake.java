package dev.fovea.trainer.exchange.transport;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The first bytes of a stream connection, before any tensor data: who is calling, for what, and the job's token.
 * The listener checks all of it before the connection carries anything and answers with one status byte; a refused
 * or malformed handshake closes the connection.
 *
 * <p>Layout, little-endian: the magic {@code FOVEA-S1} (8 bytes, which also tells it apart from gRPC's HTTP/2
 * preface on the shared port), the {@link StreamPurpose} (1 byte), the caller's rank (4), the token's length (2)
 * and the token.
 */
final class StreamHandshake {

    static final byte[] MAGIC = "FOVEA-S1".getBytes(StandardCharsets.US_ASCII);

    static final byte ACCEPTED = 0;
    static final byte REFUSED_TOKEN = 1;
    static final byte REFUSED_MALFORMED = 2;

    private static final int FIXED_BYTES = MAGIC.length + 1 + Integer.BYTES + Short.BYTES;
    private static final int MAX_TOKEN_BYTES = 4096;

    private StreamHandshake() {}

    /** What a caller sends. */
    static ByteBuffer hello(StreamPurpose purpose, int fromRank, byte[] token) {
        ByteBuffer hello = ByteBuffer.allocate(FIXED_BYTES + token.length).order(ByteOrder.LITTLE_ENDIAN);
        hello.put(MAGIC)
                .put((byte) purpose.ordinal())
                .putInt(fromRank)
                .putShort((short) token.length)
                .put(token)
                .flip();
        return hello;
    }

    /** Whether {@code prefix} (at least {@link #MAGIC}'s length) starts a stream handshake. */
    static boolean isStream(ByteBuffer prefix) {
        return prefix.remaining() >= MAGIC.length
                && Arrays.equals(MAGIC, 0, MAGIC.length, bytes(prefix, MAGIC.length), 0, MAGIC.length);
    }

    /** A parsed handshake: well-formed, but its token not yet checked. */
    record Hello(StreamPurpose purpose, int fromRank, byte[] token) {}

    /** Reads a handshake whose magic has already been read, from a non-blocking channel, a little at a time. */
    static final class Reader {

        private final ByteBuffer fixed =
                ByteBuffer.allocate(FIXED_BYTES - MAGIC.length).order(ByteOrder.LITTLE_ENDIAN);
        private ByteBuffer token;

        /**
         * Reads what has arrived.
         *
         * @return the handshake once complete, else null (call again when more has arrived)
         * @throws IOException when the channel ends early or the handshake is malformed
         */
        Hello read(ReadableByteChannel channel) throws IOException {
            if (fixed.hasRemaining()) {
                fill(channel, fixed);
                if (fixed.hasRemaining()) {
                    return null;
                }
                int length = Short.toUnsignedInt(fixed.getShort(fixed.capacity() - Short.BYTES));
                if (length > MAX_TOKEN_BYTES) {
                    throw new IOException("a token of " + length + " bytes (at most " + MAX_TOKEN_BYTES + ")");
                }
                token = ByteBuffer.allocate(length);
            }
            fill(channel, token);
            if (token.hasRemaining()) {
                return null;
            }
            int purpose = fixed.get(0);
            if (purpose < 0 || purpose >= StreamPurpose.values().length) {
                throw new IOException("an unknown stream purpose " + purpose);
            }
            return new Hello(StreamPurpose.values()[purpose], fixed.getInt(1), token.array());
        }

        private static void fill(ReadableByteChannel channel, ByteBuffer buffer) throws IOException {
            if (channel.read(buffer) < 0) {
                throw new EOFException("the connection ended inside its handshake");
            }
        }
    }

    private static byte[] bytes(ByteBuffer buffer, int count) {
        byte[] bytes = new byte[count];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
