package dev.fovea.operator.progress;

import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.ObjectNames;
import dev.fovea.api.contract.Ports;
import dev.fovea.api.status.Progress;
import dev.fovea.operator.OperatorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * {@code GET http://<job>-0.<job>-hosts.<ns>.svc:8080/progress} — rank 0 speaks for the job. A failed read is logged
 * at debug and retried at the next poll: a trainer that is starting or restarting simply has no progress yet.
 */
@ApplicationScoped
public class HttpProgressReader implements ProgressReader {

    private static final Logger LOG = Logger.getLogger(HttpProgressReader.class);
    private final HttpClient http;
    private final OperatorConfig config;

    public HttpProgressReader(OperatorConfig config) {
        this.config = config;
        this.http =
                HttpClient.newBuilder().connectTimeout(config.progressTimeout()).build();
    }

    @Override
    public Optional<Progress> read(ImageClassificationJob job) {
        return read(progressUri(job));
    }

    Optional<Progress> read(URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(config.progressTimeout())
                .GET()
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                LOG.debugf("%s answered %d", uri, response.statusCode());
                return Optional.empty();
            }
            return Optional.of(Progress.fromJson(response.body()));
        } catch (java.io.IOException | IllegalArgumentException e) {
            LOG.debugf("No progress from %s: %s", uri, e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    static URI progressUri(ImageClassificationJob job) {
        String host = ObjectNames.hostDnsName(
                job.getMetadata().getName(), 0, job.getMetadata().getNamespace());
        return URI.create("http://" + host + ":" + Ports.OBSERVE + Ports.PROGRESS_PATH);
    }
}
