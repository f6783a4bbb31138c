package dev.fovea.trainer.exchange.transport;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * One message between exchange peers: a small fixed header and a payload of little-endian floats (or other raw bytes).
 *
 * @param kind what the message is for, which decides how the payload is read
 * @param fromRank the sender's rank
 * @param step the sender's step (or epoch, for checksums); together with bucket and round it names the message
 * @param bucket the gradient bucket, or the parameter index for parameter requests
 * @param round the ring round within a step, 0 where there are no rounds
 * @param payload raw bytes, little-endian; positioned at 0
 */
public record Envelope(Kind kind, int fromRank, long step, int bucket, int round, ByteBuffer payload) {

    /** What an envelope carries. */
    public enum Kind {
        /** "Are you there?" during startup; answered at once. */
        HELLO,
        /** A ring all-reduce chunk (dist_sync). */
        RING,
        /** Rank 0's value of one parameter, requested by the others at startup. */
        WEIGHTS,
        /** A gradient for a parameter the receiver serves; the reply is the updated weight (dist_async). */
        PUSH,
        /** The current weight of a parameter the receiver serves (dist_async). */
        PULL,
        /** The optimizer state of a parameter the receiver serves, for a checkpoint (dist_async). */
        STATE,
        /** A weight checksum, to check that all hosts hold the same weights. */
        CHECKSUM,
        /** The sender is done and will shut its server down once everyone has said so. */
        BYE,
        /** The sender lost a peer and is exiting; the payload is its reason in UTF-8. */
        ABORT
    }

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);

    public static Envelope of(Kind kind, int fromRank, long step, int bucket, int round) {
        return new Envelope(kind, fromRank, step, bucket, round, EMPTY);
    }

    /** Copies {@code length} floats from {@code values} starting at {@code offset} into a new little-endian payload. */
    public static ByteBuffer floats(float[] values, int offset, int length) {
        ByteBuffer bytes = ByteBuffer.allocate(length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values, offset, length);
        return bytes;
    }

    public Envelope withPayload(ByteBuffer newPayload) {
        return new Envelope(kind, fromRank, step, bucket, round, newPayload);
    }

    /** The payload read as little-endian floats. */
    public FloatBuffer floatPayload() {
        return payload.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    }

    public int payloadBytes() {
        return payload.remaining();
    }
}
