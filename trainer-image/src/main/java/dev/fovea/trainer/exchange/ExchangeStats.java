package dev.fovea.trainer.exchange;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the exchange puts on the wire and how long it takes, per host. Counted by the transport on every message
 * (header included), closed off per step by the exchange. Bind it to the trainer's {@link MeterRegistry} to export
 * {@code fovea_exchange_bytes_sent_total}, {@code fovea_exchange_bytes_received_total},
 * {@code fovea_exchange_step_bytes_sent} (last step) and {@code fovea_exchange_step_seconds}.
 */
public final class ExchangeStats implements MeterBinder {

    /** One step's traffic and the time the exchange took (gradient copy-out, transfer, write-back). */
    public record Step(long bytesSent, long bytesReceived, long nanos) {}

    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private volatile Step lastStep = new Step(0, 0, 0);
    private long sentAtStepStart;
    private long receivedAtStepStart;
    private volatile Timer timer;

    public void recordSent(long bytes) {
        sent.addAndGet(bytes);
    }

    public void recordReceived(long bytes) {
        received.addAndGet(bytes);
    }

    /** Marks the start of a step; traffic from here to {@link #stepFinished} is this step's. */
    public void stepStarted() {
        sentAtStepStart = sent.get();
        receivedAtStepStart = received.get();
    }

    public void stepFinished(long nanos) {
        lastStep = new Step(sent.get() - sentAtStepStart, received.get() - receivedAtStepStart, nanos);
        Timer current = timer;
        if (current != null) {
            current.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    public Step lastStep() {
        return lastStep;
    }

    public long totalBytesSent() {
        return sent.get();
    }

    public long totalBytesReceived() {
        return received.get();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        // no base units: Prometheus would append "_bytes" to names that already say what they count
        FunctionCounter.builder("fovea.exchange.bytes.sent", sent, AtomicLong::get)
                .description("Bytes this host sent to its exchange peers")
                .register(registry);
        FunctionCounter.builder("fovea.exchange.bytes.received", received, AtomicLong::get)
                .description("Bytes this host received from its exchange peers")
                .register(registry);
        Gauge.builder("fovea.exchange.step.bytes.sent", this, stats -> stats.lastStep.bytesSent())
                .description("Bytes this host sent in the last step")
                .register(registry);
        timer = Timer.builder("fovea.exchange.step")
                .description("Time the gradient exchange took per step")
                .register(registry);
    }
}
