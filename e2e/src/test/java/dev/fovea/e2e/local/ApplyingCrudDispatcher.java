package dev.fovea.e2e.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The mock API server's CRUD dispatcher plus a plain form of the server-side apply it lacks: applying an object that
 * does not exist yet creates it, applying one that exists merges it (a JSON merge patch of the applied fields), and
 * an apply that changes nothing is a no-op — same resourceVersion, no watch event — as on a real API server. The
 * operator's production build applies its dependents that way; without managed fields in the mock it re-applies
 * them on every reconcile, which must not flood every watcher with events for unchanged objects.
 */
final class ApplyingCrudDispatcher extends KubernetesCrudDispatcher {

    private static final String APPLY_PATCH = "application/apply-patch+yaml";
    private static final String MERGE_PATCH = "application/merge-patch+json";
    private static final ObjectMapper JSON = new ObjectMapper();

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
        if (!withoutQuery.endsWith("/status")) {
            MockResponse existing = handleGet(withoutQuery);
            if (existing.code() == HttpURLConnection.HTTP_NOT_FOUND) {
                String collection = withoutQuery.substring(0, withoutQuery.lastIndexOf('/'));
                return handleCreate(new RecordedRequest(
                        request.getHttpVersion(),
                        HttpMethod.POST,
                        collection,
                        request.getHeaders(),
                        request.getBody()));
            }
            if (existing.code() == HttpURLConnection.HTTP_OK) {
                return changesNothing(existing, request)
                        ? existing
                        : replaceWithMerged(existing, request, withoutQuery);
            }
        }
        Headers merge = request.getHeaders()
                .newBuilder()
                .set("Content-Type", MERGE_PATCH)
                .build();
        return super.handlePatch(
                new RecordedRequest(request.getHttpVersion(), HttpMethod.PATCH, path, merge, request.getBody()));
    }

    /**
     * Replaces the object with the applied fields merged into it (RFC 7386: a list the apply names replaces the
     * stored one). The mock's own merge patch appends to lists, so every re-apply of an object whose apply changes a
     * field would also grow its containers, volumes and owner references.
     */
    private MockResponse replaceWithMerged(MockResponse existing, RecordedRequest apply, String path) {
        try {
            JsonNode current = JSON.readTree(new String(existing.getBody().getBytes(), StandardCharsets.UTF_8));
            JsonNode applied = JSON.readTree(new String(apply.getBody().getBytes(), StandardCharsets.UTF_8));
            byte[] merged = JSON.writeValueAsBytes(merged(current, applied));
            Headers json = apply.getHeaders()
                    .newBuilder()
                    .set("Content-Type", "application/json")
                    .build();
            return handleUpdate(
                    new RecordedRequest(apply.getHttpVersion(), HttpMethod.PUT, path, json, new Buffer(merged)));
        } catch (IOException e) {
            throw new UncheckedIOException("an applied object is JSON", e);
        }
    }

    private static boolean changesNothing(MockResponse existing, RecordedRequest apply) {
        try {
            JsonNode current = JSON.readTree(new String(existing.getBody().getBytes(), StandardCharsets.UTF_8));
            JsonNode applied = JSON.readTree(new String(apply.getBody().getBytes(), StandardCharsets.UTF_8));
            return withoutVersion(merged(current.deepCopy(), applied)).equals(withoutVersion(current.deepCopy()));
        } catch (IOException e) {
            throw new UncheckedIOException("an applied object is JSON", e);
        }
    }

    /** RFC 7386: objects merge key by key, null removes, anything else replaces. */
    private static JsonNode merged(JsonNode target, JsonNode patch) {
        if (!(patch instanceof ObjectNode patchObject)) {
            return patch;
        }
        ObjectNode result = target instanceof ObjectNode object ? object : JSON.createObjectNode();
        patchObject.properties().forEach(entry -> {
            if (entry.getValue().isNull()) {
                result.remove(entry.getKey());
            } else {
                result.set(entry.getKey(), merged(result.path(entry.getKey()), entry.getValue()));
            }
        });
        return result;
    }

    private static JsonNode withoutVersion(JsonNode object) {
        if (object.get("metadata") instanceof ObjectNode metadata) {
            metadata.remove(List.of("resourceVersion", "generation", "managedFields"));
        }
        return object;
    }
}
