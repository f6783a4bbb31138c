package dev.fovea.trainer.s3;

import dev.fovea.api.contract.ContainerEnvironment;
import dev.fovea.trainer.FreePorts;
import java.net.URI;
import java.util.Map;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.services.s3.S3Client;

/** A real S3 API (S3Proxy over an in-memory blob store) on a loopback port, for the tests that talk to S3. */
public final class S3ProxyServer implements AutoCloseable {

    private static final String ACCESS_KEY = "fovea-access";
    private static final String SECRET_KEY = "fovea-secret";

    private final BlobStoreContext store;
    private final S3Proxy proxy;
    private final String endpoint;

    private S3ProxyServer(BlobStoreContext store, S3Proxy proxy, String endpoint) {
        this.store = store;
        this.proxy = proxy;
        this.endpoint = endpoint;
    }

    /** Starts the server with {@code buckets} created. */
    public static S3ProxyServer start(String... buckets) throws Exception {
        String endpoint = "http://127.0.0.1:" + FreePorts.pick();
        BlobStoreContext store = ContextBuilder.newBuilder("transient").build(BlobStoreContext.class);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store.getBlobStore())
                .endpoint(URI.create(endpoint))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            Thread.sleep(10);
        }
        S3ProxyServer server = new S3ProxyServer(store, proxy, endpoint);
        try (S3Client s3 = server.client()) {
            for (String bucket : buckets) {
                s3.createBucket(request -> request.bucket(bucket));
            }
        }
        return server;
    }

    /** The variables a Fovea part reads to reach this server, as the operator sets them. */
    public Map<String, String> environment() {
        return Map.of(
                ContainerEnvironment.AWS_ACCESS_KEY_ID,
                ACCESS_KEY,
                ContainerEnvironment.AWS_SECRET_ACCESS_KEY,
                SECRET_KEY,
                ContainerEnvironment.AWS_REGION,
                "us-east-1",
                ContainerEnvironment.AWS_ENDPOINT_URL,
                endpoint);
    }

    /** A client of this server, configured the way Fovea configures its own. */
    public S3Client client() {
        return S3Clients.fromEnvironment(environment());
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
        store.close();
    }
}
