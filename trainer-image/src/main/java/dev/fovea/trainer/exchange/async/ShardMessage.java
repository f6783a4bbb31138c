package dev.fovea.trainer.exchange.async;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The header of every dist_async request and answer on a shard stream; the payload, raw little-endian float32
 * values, follows it. A host pushes a gradient (the answer carries the updated weight) or pulls a weight (the answer
 * carries it); a server that cannot serve the request answers with {@link Kind#REFUSED} and the reason's code in the
 * step field.
 *
 * @param kind what the message is
 * @param slot the parameter's index in {@code ParameterLayout}
 * @param step the pushing host's step (or the refusal's reason)
 * @param payloadBytes how many bytes follow
 */
record ShardMessage(Kind kind, int slot, long step, long payloadBytes) {

    static final int BYTES = Integer.BYTES + Integer.BYTES + Long.BYTES + Long.BYTES;

    /** What a message is. */
    enum Kind {
        PUSH,
        PULL,
        REFUSED
    }

    /** Why a server refused a request. */
    enum Refusal {
        NOT_SERVED_HERE("this host does not serve that parameter: the hosts disagree on the shard map"),
        WRONG_SIZE("the gradient's size is not the parameter's: the hosts run different models"),
        UNKNOWN_KIND("the request is neither a push nor a pull");

        final String reason;

        Refusal(String reason) {
            this.reason = reason;
        }
    }

    static ShardMessage refusal(int slot, Refusal refusal) {
        return new ShardMessage(Kind.REFUSED, slot, refusal.ordinal(), 0);
    }

    ByteBuffer encode() {
        return ByteBuffer.allocate(BYTES)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(kind.ordinal())
                .putInt(slot)
                .putLong(step)
                .putLong(payloadBytes)
                .flip();
    }

    static ByteBuffer buffer() {
        return ByteBuffer.allocate(BYTES).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Reads a filled {@link #buffer()}; an unknown kind reads as {@code null}. */
    static ShardMessage decode(ByteBuffer bytes) {
        int kind = bytes.getInt(0);
        return new ShardMessage(
                kind >= 0 && kind < Kind.values().length ? Kind.values()[kind] : null,
                bytes.getInt(4),
                bytes.getLong(8),
                bytes.getLong(16));
    }

    /** The refusal's reason, for a {@link Kind#REFUSED} answer. */
    String reason() {
        return step >= 0 && step < Refusal.values().length ? Refusal.values()[(int) step].reason : "refused";
    }
}
