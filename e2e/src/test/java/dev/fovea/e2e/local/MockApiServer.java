package dev.fovea.e2e.local;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Fabric8's mock API server in CRUD mode on a loopback port, with Fovea's CRD registered: the "cluster" the real
 * operator process and the local node agent share.
 */
final class MockApiServer implements AutoCloseable {

    /** The mock server logs every request at INFO: the operator's watches and status writes would flood the output. */
    private static final Logger REQUEST_LOG = Logger.getLogger(MockWebServer.class.getName());

    private final KubernetesMockServer server;
    private final KubernetesClient client;

    private MockApiServer(KubernetesMockServer server) {
        this.server = server;
        this.client = server.createClient();
    }

    static MockApiServer start(List<Path> crds) {
        REQUEST_LOG.setLevel(Level.WARNING);
        KubernetesMockServer server = new KubernetesMockServer(
                new Context(), new MockWebServer(), new HashMap<>(), new ApplyingCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        MockApiServer api = new MockApiServer(server);
        for (Path crd : crds) {
            try (InputStream in = Files.newInputStream(crd)) {
                CustomResourceDefinition definition =
                        api.client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
                api.client
                        .apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .resource(definition)
                        .create();
            } catch (IOException e) {
                throw new UncheckedIOException("the api module generates " + crd, e);
            }
        }
        return api;
    }

    /** The URL the operator process is pointed at. */
    String url() {
        return server.url("/");
    }

    KubernetesClient client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
