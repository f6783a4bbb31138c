package dev.fovea.operator.progress;

import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.ObjectNames;
import dev.fovea.api.contract.Ports;
import dev.fovea.api.contract.ProgressClient;
import dev.fovea.api.status.Progress;
import dev.fovea.operator.OperatorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.Optional;

/**
 * {@code GET http://<job>-0.<job>-hosts.<ns>.svc:8080/progress} — rank 0 speaks for the job. A failed read is retried
 * at the next poll: a trainer that is starting or restarting simply has no progress yet.
 */
@ApplicationScoped
public class HttpProgressReader implements ProgressReader {

    private final ProgressClient client;

    public HttpProgressReader(OperatorConfig config) {
        this.client = new ProgressClient(config.progressTimeout());
    }

    @Override
    public Optional<Progress> read(ImageClassificationJob job) {
        return read(progressUri(job));
    }

    Optional<Progress> read(URI uri) {
        return client.read(uri);
    }

    static URI progressUri(ImageClassificationJob job) {
        String host = ObjectNames.hostDnsName(
                job.getMetadata().getName(), 0, job.getMetadata().getNamespace());
        return ProgressClient.uri(host, Ports.OBSERVE);
    }
}
