package dev.fovea.trainer.inference.http;

import dev.fovea.api.contract.Ports;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;

/** The paths this server answers, the method each takes, and the answer to any other request (404 or 405). */
final class Routes {

    /** Why a request is not served: its status and a message for the person who sent it. */
    record Refusal(HttpResponseStatus status, String message) {}

    private static final Map<String, HttpMethod> METHODS = Map.of(
            Ports.INVOCATIONS_PATH, HttpMethod.POST,
            Ports.PING_PATH, HttpMethod.GET,
            Ports.METRICS_PATH, HttpMethod.GET);

    private Routes() {}

    /** Why {@code method path} is refused, or {@code null} when it is served. */
    static Refusal refusal(String path, HttpMethod method) {
        HttpMethod expected = METHODS.get(path);
        if (expected == null) {
            return new Refusal(
                    HttpResponseStatus.NOT_FOUND,
                    "no such path: " + path + "; this server answers GET " + Ports.PING_PATH + ", POST "
                            + Ports.INVOCATIONS_PATH + " and GET " + Ports.METRICS_PATH);
        }
        if (!expected.equals(method)) {
            return new Refusal(HttpResponseStatus.METHOD_NOT_ALLOWED, method + " is not allowed here; use " + expected);
        }
        return null;
    }
}
