package dev.fovea.operator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import dev.fovea.api.ImageClassificationJob;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.kubernetes.client.KubernetesServer;

/** Registers the CRD generated into {@code crds/} in the mock API server before the operator starts. */
public class MockCluster implements Consumer<KubernetesServer> {

    static final Path CRD = Path.of("..", "crds", ImageClassificationJob.CRD_NAME + "-v1.yml");

    @Override
    public void accept(KubernetesServer server) {
        try (InputStream in = Files.newInputStream(CRD)) {
            CustomResourceDefinition crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
            server.getClient().apiextensions().v1().customResourceDefinitions().resource(crd).create();
        } catch (IOException e) {
            throw new UncheckedIOException("the api module generates " + CRD, e);
        }
    }
}
