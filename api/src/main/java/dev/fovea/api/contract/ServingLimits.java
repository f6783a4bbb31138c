package dev.fovea.api.contract;

/**
 * The largest values {@code serve}'s options take that an endpoint's {@code serving} options also set: the endpoint's
 * schema and {@code serve} itself check them against these, so that an endpoint the API accepts never has pods that
 * refuse to start.
 */
public final class ServingLimits {

    /** The most images one forward pass may take ({@code --max-batch-size}, {@code maxBatchSize}). */
    public static final int MAX_BATCH_SIZE = 1024;
    /** The longest an image may wait for others to join its batch, in ms ({@code --max-batch-delay-ms}). */
    public static final int MAX_BATCH_DELAY_MS = 10_000;
    /** The largest request body, in bytes ({@code --max-body-bytes}): {@code serve} holds a body in one array. */
    public static final int MAX_BODY_BYTES = Integer.MAX_VALUE;

    private ServingLimits() {}
}
