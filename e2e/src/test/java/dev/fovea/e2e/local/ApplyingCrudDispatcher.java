package dev.fovea.e2e.local;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.HttpURLConnection;
import java.util.List;

/**
 * The mock API server's CRUD dispatcher plus a plain form of the server-side apply it lacks: applying an object that
 * does not exist yet creates it, applying one that exists merges it (a JSON merge patch of the applied fields). The
 * operator's production build applies its dependents that way, as on a real API server.
 */
final class ApplyingCrudDispatcher extends KubernetesCrudDispatcher {

    private static final String APPLY_PATCH = "application/apply-patch+yaml";
    private static final String MERGE_PATCH = "application/merge-patch+json";

    ApplyingCrudDispatcher() {
        super(List.of());
    }

    @Override
    public MockResponse handlePatch(RecordedRequest request) {
        String contentType = request.getHeader("Content-Type");
        if (contentType == null || !contentType.startsWith(APPLY_PATCH)) {
            return super.handlePatch(request);
        }
        String path = request.getPath();
        String withoutQuery = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        if (!withoutQuery.endsWith("/status") && handleGet(withoutQuery).code() == HttpURLConnection.HTTP_NOT_FOUND) {
            String collection = withoutQuery.substring(0, withoutQuery.lastIndexOf('/'));
            return handleCreate(new RecordedRequest(
                    request.getHttpVersion(), HttpMethod.POST, collection, request.getHeaders(), request.getBody()));
        }
        Headers merge = request.getHeaders()
                .newBuilder()
                .set("Content-Type", MERGE_PATCH)
                .build();
        return super.handlePatch(
                new RecordedRequest(request.getHttpVersion(), HttpMethod.PATCH, path, merge, request.getBody()));
    }
}
