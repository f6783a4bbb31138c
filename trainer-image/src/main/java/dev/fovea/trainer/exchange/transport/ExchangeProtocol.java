package dev.fovea.trainer.exchange.transport;

import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;

/**
 * The exchange's gRPC service, declared by hand over raw {@link Envelope} bytes (tensor payloads need no protobuf).
 * {@code Deliver} drops a one-way message into the receiver's {@link Mailbox} and is acknowledged at once;
 * {@code Call} is a request the receiver answers (a weight, an update), possibly after waiting for its trainer.
 */
final class ExchangeProtocol {

    static final String SERVICE_NAME = "fovea.exchange.Exchange";

    /** The largest message either side accepts: one ring chunk or one parameter, with room for ResNet-50's biggest. */
    static final int MAX_MESSAGE_BYTES = 512 * 1024 * 1024;

    private static final EnvelopeMarshaller MARSHALLER = new EnvelopeMarshaller();

    static final MethodDescriptor<Envelope, Envelope> DELIVER = unary("Deliver");
    static final MethodDescriptor<Envelope, Envelope> CALL = unary("Call");

    static final ServiceDescriptor SERVICE = ServiceDescriptor.newBuilder(SERVICE_NAME)
            .addMethod(DELIVER)
            .addMethod(CALL)
            .build();

    private ExchangeProtocol() {}

    private static MethodDescriptor<Envelope, Envelope> unary(String method) {
        return MethodDescriptor.<Envelope, Envelope>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE_NAME, method))
                .setRequestMarshaller(MARSHALLER)
                .setResponseMarshaller(MARSHALLER)
                .build();
    }
}
