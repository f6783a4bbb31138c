package dev.fovea.trainer.train.checkpoint;

import dev.fovea.api.contract.ContainerEnvironment;
import dev.fovea.trainer.TrainerFailure;
import dev.fovea.trainer.integrity.FileManifest;
import dev.fovea.trainer.s3.S3Clients;
import dev.fovea.trainer.s3.S3Location;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The checkpoints' copy in S3 ({@code checkpointConfig.s3}), laid out as the local volume is, as SageMaker syncs
 * {@code /opt/ml/checkpoints} to its {@code CheckpointConfig.S3Uri}: {@code <uri>/epoch-NNNN/<file>}. A copy counts
 * as complete once its {@code manifest.json} is there, which is uploaded last and deleted first.
 */
public final class S3CheckpointMirror implements CheckpointMirror {

    private static final Logger LOG = LoggerFactory.getLogger(S3CheckpointMirror.class);
    private static final List<String> AWS_VARIABLES = List.of(
            ContainerEnvironment.AWS_ACCESS_KEY_ID,
            ContainerEnvironment.AWS_SECRET_ACCESS_KEY,
            ContainerEnvironment.AWS_SESSION_TOKEN,
            ContainerEnvironment.AWS_REGION,
            ContainerEnvironment.AWS_DEFAULT_REGION,
            ContainerEnvironment.AWS_ENDPOINT_URL);
    private static final Pattern KEY = Pattern.compile("(epoch-\\d{4,})/(.+)");

    private final S3Location prefix;
    private final Map<String, String> s3Environment;

    private S3CheckpointMirror(S3Location prefix, Map<String, String> s3Environment) {
        this.prefix = prefix;
        this.s3Environment = s3Environment;
    }

    /**
     * The mirror {@code env} asks for ({@link ContainerEnvironment#CHECKPOINT_S3_URI}), or empty when checkpoints are not kept in S3.
     * Each {@code AWS_*} setting is the checkpoint location's own ({@code FOVEA_CHECKPOINT_AWS_*}) when set, else the
     * process's.
     *
     * @throws dev.fovea.trainer.ClientError when the URI is not an S3 prefix
     */
    public static Optional<CheckpointMirror> fromEnvironment(Map<String, String> env) {
        String uri = env.get(ContainerEnvironment.CHECKPOINT_S3_URI);
        if (uri == null || uri.isBlank()) {
            return Optional.empty();
        }
        S3Location prefix = S3Location.parsePrefix(
                uri.strip(), ContainerEnvironment.CHECKPOINT_S3_URI + " (spec.checkpointConfig.s3.uri)");
        Map<String, String> s3Environment = new HashMap<>();
        for (String variable : AWS_VARIABLES) {
            String own = env.get(ContainerEnvironment.checkpointS3(variable));
            String value = own != null && !own.isBlank() ? own : env.get(variable);
            if (value != null) {
                s3Environment.put(variable, value);
            }
        }
        return Optional.of(new S3CheckpointMirror(prefix, s3Environment));
    }

    @Override
    public String location() {
        return prefix.uri();
    }

    @Override
    public List<Integer> completeEpochs() {
        return completeEpochs(listing()).stream()
                .sorted(Comparator.reverseOrder())
                .toList();
    }

    @Override
    public void download(int epoch, Path directory) {
        String name = CheckpointStore.name(epoch);
        List<String> files = listing().getOrDefault(name, List.of());
        try (S3Client s3 = S3Clients.fromEnvironment(s3Environment)) {
            for (String file : files) {
                Path target = directory.resolve(file).normalize();
                if (!target.startsWith(directory) || file.startsWith("/")) {
                    throw new CheckpointMirrorException("The copy of " + name + " in " + location() + " holds '" + file
                            + "', which lies outside a checkpoint directory");
                }
                Files.createDirectories(target.getParent());
                s3.getObject(
                        get -> get.bucket(prefix.bucket()).key(key(name, file)), ResponseTransformer.toFile(target));
            }
        } catch (IOException | SdkException e) {
            throw failure("download", name, e);
        }
        LOG.info("Downloaded checkpoint {} from {}", name, location());
    }

    @Override
    public void upload(int epoch, Path directory) {
        String name = CheckpointStore.name(epoch);
        try (S3Client s3 = S3Clients.fromEnvironment(s3Environment);
                Stream<Path> walk = Files.walk(directory)) {
            // an older copy of this epoch stops counting as complete before any of its files changes
            s3.deleteObject(delete -> delete.bucket(prefix.bucket()).key(key(name, FileManifest.FILE_NAME)));
            List<Path> files =
                    new ArrayList<>(walk.filter(Files::isRegularFile).sorted().toList());
            Path manifest = directory.resolve(FileManifest.FILE_NAME);
            files.remove(manifest);
            files.add(manifest);
            for (Path file : files) {
                String relative = directory.relativize(file).toString().replace('\\', '/');
                s3.putObject(put -> put.bucket(prefix.bucket()).key(key(name, relative)), RequestBody.fromFile(file));
            }
        } catch (IOException | SdkException e) {
            throw failure("upload", name, e);
        }
        LOG.info("Uploaded checkpoint {} to {}", name, location());
    }

    @Override
    public void prune(int written, int retain) {
        Map<String, List<String>> listing = listing();
        List<Integer> complete = completeEpochs(listing);
        List<String> obsolete = new ArrayList<>();
        CheckpointRetention.obsolete(complete, written, retain)
                .forEach(epoch -> obsolete.add(CheckpointStore.name(epoch)));
        listing.forEach((name, files) -> {
            if (!files.contains(FileManifest.FILE_NAME) && !name.equals(CheckpointStore.name(written))) {
                obsolete.add(name); // the rest of an upload that was interrupted
            }
        });
        try (S3Client s3 = S3Clients.fromEnvironment(s3Environment)) {
            for (String name : obsolete) {
                List<String> files = new ArrayList<>(listing.get(name));
                if (files.remove(FileManifest.FILE_NAME)) {
                    files.addFirst(FileManifest.FILE_NAME);
                }
                for (String file : files) {
                    s3.deleteObject(delete -> delete.bucket(prefix.bucket()).key(key(name, file)));
                }
            }
        } catch (SdkException e) {
            throw failure("delete the obsolete copies of", obsolete.toString(), e);
        }
    }

    /** The files of every checkpoint copy under the prefix, by checkpoint directory name. */
    private Map<String, List<String>> listing() {
        Map<String, List<String>> checkpoints = new TreeMap<>();
        try (S3Client s3 = S3Clients.fromEnvironment(s3Environment)) {
            for (S3Object object : s3.listObjectsV2Paginator(
                            list -> list.bucket(prefix.bucket()).prefix(prefix.key()))
                    .contents()) {
                Matcher matcher =
                        KEY.matcher(object.key().substring(prefix.key().length()));
                if (matcher.matches()) {
                    checkpoints
                            .computeIfAbsent(matcher.group(1), name -> new ArrayList<>())
                            .add(matcher.group(2));
                }
            }
        } catch (SdkException e) {
            throw failure("list", "the checkpoints", e);
        }
        return checkpoints;
    }

    private static List<Integer> completeEpochs(Map<String, List<String>> listing) {
        return listing.entrySet().stream()
                .filter(checkpoint -> checkpoint.getValue().contains(FileManifest.FILE_NAME))
                .map(checkpoint -> CheckpointStore.epochOf(checkpoint.getKey()).orElseThrow())
                .toList();
    }

    private String key(String checkpoint, String file) {
        return prefix.key() + checkpoint + "/" + file;
    }

    private CheckpointMirrorException failure(String action, String what, Exception e) {
        return new CheckpointMirrorException(
                "Cannot " + action + " " + what + " in " + location() + " (bucket '" + prefix.bucket() + "'): "
                        + TrainerFailure.describe(e),
                e);
    }

    /** The S3 copy could not be read or written: the bucket, the credentials or the endpoint failed; worth a retry. */
    public static final class CheckpointMirrorException extends RuntimeException {

        public CheckpointMirrorException(String message) {
            super(message);
        }

        public CheckpointMirrorException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
