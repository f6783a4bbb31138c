package dev.fovea.trainer.exchange.transport;

import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Puts an {@link Envelope} on the wire as a 25-byte header followed by the raw payload: tensors travel as they are,
 * with no protobuf encoding, and the payload is written straight into gRPC's buffers (no intermediate copy).
 */
final class EnvelopeMarshaller implements MethodDescriptor.Marshaller<Envelope> {

    static final int HEADER_BYTES = 1 + 4 + 8 + 4 + 4 + 4;

    @Override
    public InputStream stream(Envelope envelope) {
        return new EnvelopeStream(envelope);
    }

    @Override
    public Envelope parse(InputStream stream) {
        try {
            ByteBuffer header = ByteBuffer.wrap(stream.readNBytes(HEADER_BYTES)).order(ByteOrder.LITTLE_ENDIAN);
            if (header.remaining() < HEADER_BYTES) {
                throw new IllegalArgumentException("exchange message shorter than its header");
            }
            Envelope.Kind kind = Envelope.Kind.values()[header.get()];
            int fromRank = header.getInt();
            long step = header.getLong();
            int bucket = header.getInt();
            int round = header.getInt();
            int length = header.getInt();
            byte[] payload = stream.readNBytes(length);
            if (payload.length != length) {
                throw new IllegalArgumentException(
                        "exchange message payload truncated: " + payload.length + " of " + length + " bytes");
            }
            return new Envelope(
                    kind,
                    fromRank,
                    step,
                    bucket,
                    round,
                    ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Header then payload; {@link Drainable} lets gRPC pull the payload into its own buffers in one go. */
    private static final class EnvelopeStream extends InputStream implements Drainable, KnownLength {

        private final ByteBuffer header;
        private final ByteBuffer payload;

        EnvelopeStream(Envelope envelope) {
            header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            header.put((byte) envelope.kind().ordinal())
                    .putInt(envelope.fromRank())
                    .putLong(envelope.step())
                    .putInt(envelope.bucket())
                    .putInt(envelope.round())
                    .putInt(envelope.payloadBytes())
                    .flip();
            payload = envelope.payload().duplicate();
        }

        @Override
        public int drainTo(OutputStream target) throws IOException {
            int total = available();
            write(header, target);
            write(payload, target);
            return total;
        }

        private static void write(ByteBuffer buffer, OutputStream target) throws IOException {
            if (buffer.hasArray()) {
                target.write(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
                buffer.position(buffer.limit());
            } else {
                byte[] chunk = new byte[Math.min(buffer.remaining(), 1 << 16)];
                while (buffer.hasRemaining()) {
                    int n = Math.min(chunk.length, buffer.remaining());
                    buffer.get(chunk, 0, n);
                    target.write(chunk, 0, n);
                }
            }
        }

        @Override
        public int read() {
            ByteBuffer current = header.hasRemaining() ? header : payload;
            return current.hasRemaining() ? current.get() & 0xff : -1;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            ByteBuffer current = header.hasRemaining() ? header : payload;
            if (!current.hasRemaining()) {
                return -1;
            }
            int n = Math.min(length, current.remaining());
            current.get(target, offset, n);
            return n;
        }

        @Override
        public int available() {
            return header.remaining() + payload.remaining();
        }
    }
}
