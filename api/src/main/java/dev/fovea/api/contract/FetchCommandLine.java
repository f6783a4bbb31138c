package dev.fovea.api.contract;

import java.util.ArrayList;
import java.util.List;

/**
 * The trainer image's {@code fovea fetch} command, which copies an {@code s3://} channel into its folder under
 * {@code /opt/ml/input/data} before the trainer starts: the operator's init containers run it, the trainer's
 * {@code FetchCommand} parses it. Its name and options are spelled here only.
 */
public final class FetchCommandLine {

    /** The launcher on the trainer image's PATH. */
    public static final String LAUNCHER = "fovea";
    /** The subcommand. */
    public static final String COMMAND = "fetch";
    /** The channel's S3 location: a prefix, or an augmented manifest object. */
    public static final String URI = "--uri";
    /** The channel's folder. */
    public static final String TO = "--to";
    /** Set for an augmented manifest: the attribute that holds each image's location. */
    public static final String MANIFEST_IMAGE_ATTRIBUTE = "--manifest-image-attribute";
    /** Set for a channel sharded by key: this host's index. */
    public static final String HOST_INDEX = "--host-index";
    /** Set for a channel sharded by key: the number of hosts. */
    public static final String HOST_COUNT = "--host-count";

    private FetchCommandLine() {}

    /**
     * The arguments after the launcher.
     *
     * @param manifestImageAttribute the image attribute of an augmented manifest, or {@code null} for a prefix
     * @param hostIndex this host's index (e.g. {@code $(JOB_COMPLETION_INDEX)}), or {@code null} when every host
     *     fetches the whole channel
     * @param hostCount the number of hosts, read with {@code hostIndex}
     */
    public static List<String> arguments(
            String uri, String destination, String manifestImageAttribute, String hostIndex, int hostCount) {
        List<String> arguments = new ArrayList<>(List.of(COMMAND, URI, uri, TO, destination));
        if (manifestImageAttribute != null) {
            arguments.addAll(List.of(MANIFEST_IMAGE_ATTRIBUTE, manifestImageAttribute));
        }
        if (hostIndex != null) {
            arguments.addAll(List.of(HOST_INDEX, hostIndex, HOST_COUNT, Integer.toString(hostCount)));
        }
        return arguments;
    }
}
