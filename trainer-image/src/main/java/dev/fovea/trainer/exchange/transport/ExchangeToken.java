package dev.fovea.trainer.exchange.transport;

import dev.fovea.api.contract.ContainerEnvironment;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The per-job secret every exchange call carries in its metadata, and every stream connection in its handshake
 * ({@link StreamHandshake}), so only the job's own pods can talk to a host. The client side attaches it; the server
 * side refuses a call without it, or with another value, as {@code UNAUTHENTICATED} and logs who tried in a
 * {@link RefusalLog} (never the token itself).
 */
public final class ExchangeToken {

    static final Metadata.Key<String> HEADER =
            Metadata.Key.of("fovea-exchange-token", Metadata.ASCII_STRING_MARSHALLER);

    private final byte[] expected;
    private final String value;

    public ExchangeToken(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the exchange token is empty: set " + ContainerEnvironment.EXCHANGE_TOKEN
                    + " to the job's " + "token (the operator fills it from the Secret <job>-token)");
        }
        this.value = value.strip();
        this.expected = this.value.getBytes(StandardCharsets.US_ASCII);
    }

    /** Whether {@code presented} is this token, compared in constant time. */
    boolean matches(byte[] presented) {
        return presented != null && MessageDigest.isEqual(expected, presented);
    }

    /** The token's bytes, for a stream handshake. */
    byte[] bytes() {
        return expected.clone();
    }

    /** Refuses calls whose token is missing or different, and says so in {@code refusals}. */
    ServerInterceptor serverInterceptor(RefusalLog refusals) {
        return new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(
                    ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
                String presented = headers.get(HEADER);
                if (presented != null && matches(presented.getBytes(StandardCharsets.US_ASCII))) {
                    return next.startCall(call, headers);
                }
                String reason = (presented == null ? "missing" : "wrong") + " token";
                refusals.refused(
                        "call " + reason,
                        "Refused exchange call " + call.getMethodDescriptor().getBareMethodName() + " from "
                                + call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR) + ": " + reason);
                call.close(Status.UNAUTHENTICATED.withDescription("missing or wrong exchange token"), new Metadata());
                return new ServerCall.Listener<>() {};
            }
        };
    }

    /** Attaches the token to every outgoing call. */
    ClientInterceptor clientInterceptor() {
        return new ClientInterceptor() {
            @Override
            public <Q, R> ClientCall<Q, R> interceptCall(
                    MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
                return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
                    @Override
                    public void start(Listener<R> listener, Metadata headers) {
                        headers.put(HEADER, value);
                        super.start(listener, headers);
                    }
                };
            }
        };
    }

    @Override
    public String toString() {
        return "ExchangeToken[redacted]";
    }
}
