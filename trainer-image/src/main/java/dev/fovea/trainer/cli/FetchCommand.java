package dev.fovea.trainer.cli;

import dev.fovea.api.contract.ContainerEnvironment;
import dev.fovea.api.contract.ExitCodes;
import dev.fovea.api.contract.FetchCommandLine;
import dev.fovea.trainer.TrainerFailure;
import dev.fovea.trainer.data.fetch.ChannelFetch;
import dev.fovea.trainer.data.fetch.Shard;
import dev.fovea.trainer.s3.S3Clients;
import dev.fovea.trainer.s3.S3Location;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code fovea fetch}: copies an {@code s3://} channel into its folder, what the operator's init container runs
 * before the trainer starts (see {@link ChannelFetch}). Exits 0 when done, 2 when the location, the objects or the
 * credentials are wrong, 1 otherwise.
 */
@Command(
        name = FetchCommandLine.COMMAND,
        mixinStandardHelpOptions = true,
        description = {
            "Copies an s3:// channel (a prefix, or an augmented manifest and the images it names) into a folder,"
                    + " optionally only this host's share (ShardedByS3Key).",
            "Credentials and endpoint: " + ContainerEnvironment.AWS_ACCESS_KEY_ID + ", "
                    + ContainerEnvironment.AWS_SECRET_ACCESS_KEY + ", " + ContainerEnvironment.AWS_SESSION_TOKEN + ", "
                    + ContainerEnvironment.AWS_REGION + ", " + ContainerEnvironment.AWS_ENDPOINT_URL + "."
        })
public final class FetchCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(FetchCommand.class);

    @Option(names = FetchCommandLine.URI, required = true, description = "The channel's s3:// prefix or manifest.")
    String uri;

    @Option(names = FetchCommandLine.TO, required = true, description = "The channel's folder.")
    Path folder;

    @Option(
            names = FetchCommandLine.MANIFEST_IMAGE_ATTRIBUTE,
            description = "The uri is an augmented manifest; this attribute holds each image's location.")
    String manifestImageAttribute;

    @Option(names = FetchCommandLine.HOST_INDEX, defaultValue = "0", description = "This host's index (sharded).")
    int hostIndex;

    @Option(names = FetchCommandLine.HOST_COUNT, defaultValue = "1", description = "The number of hosts (sharded).")
    int hostCount;

    private final Map<String, String> environment;

    public FetchCommand() {
        this(System.getenv());
    }

    /** A command that reads {@code environment} instead of the process's (for tests). */
    FetchCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        try (S3Client s3 = S3Clients.fromEnvironment(environment)) {
            S3Location source = S3Location.parse(uri, FetchCommandLine.URI);
            ChannelFetch fetch = new ChannelFetch(s3);
            Shard shard = new Shard(hostIndex, hostCount);
            ChannelFetch.Result result = manifestImageAttribute == null
                    ? fetch.prefix(source, folder, shard)
                    : fetch.augmentedManifest(source, folder, manifestImageAttribute, shard);
            System.out.println("fetched " + result.objects() + " objects (" + result.bytes() + " bytes) from "
                    + source.uri() + " into " + folder);
            return ExitCodes.SUCCESS;
        } catch (Exception e) {
            TrainerFailure failure = TrainerFailure.of(e);
            LOG.error("Fetching {} failed ({}): {}", uri, failure.exitCode(), failure.reason(), e);
            System.err.println(failure.reason());
            return failure.exitCode();
        }
    }
}
