package dev.fovea.trainer.exchange.transport;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * One gRPC message between exchange peers (startup, checksums, checkpoint state, goodbyes; bulk tensor data goes over
 * {@link Streams}): a small fixed header and a payload of little-endian floats (or other raw bytes).
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
        /** Rank 0's value of one parameter, requested by the others at startup. */
        WEIGHTS,
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
