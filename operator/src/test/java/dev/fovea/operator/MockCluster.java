package dev.fovea.operator;

import dev.fovea.api.ImageClassificationEndpoint;
import dev.fovea.api.ImageClassificationJob;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesServerTestResource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The Fabric8 mock API server in CRUD mode, with the CRD generated into {@code crds/} registered before the operator
 * starts. Declared once, for every test class, so that all of them share one application and one server
 * ({@code @WithKubernetesTestServer} would restart both for each class).
 */
public class MockCluster extends KubernetesServerTestResource {

    static final Path CRD = Path.of("..", "crds", ImageClassificationJob.CRD_NAME + "-v1.yml");
    static final Path ENDPOINT_CRD = Path.of("..", "crds", ImageClassificationEndpoint.CRD_NAME + "-v1.yml");

    @Override
    protected KubernetesServer createServer() {
        return new KubernetesServer(false, true, InetAddress.getLoopbackAddress(), 0, List.of());
    }

    @Override
    protected void configureServer() {
        register(CRD);
        register(ENDPOINT_CRD);
    }

    private void register(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            CustomResourceDefinition crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
            server.getClient()
                    .apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .resource(crd)
                    .create();
        } catch (IOException e) {
            throw new UncheckedIOException("the api module generates " + file, e);
        }
    }
}
