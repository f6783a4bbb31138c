package dev.fovea.trainer;

import dev.fovea.api.contract.ContainerEnvironment;
import dev.fovea.api.contract.MlRoot;
import dev.fovea.api.contract.Ports;
import dev.fovea.trainer.train.listener.DivergenceGuard;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * What the trainer reads from its environment besides the {@code /opt/ml} contract.
 *
 * @param mlRoot the contract root ({@code FOVEA_ML_ROOT}, default {@code /opt/ml})
 * @param observePort the metrics and progress port ({@code FOVEA_OBSERVE_PORT}, default 8080; 0 picks a free one)
 * @param listenAddress where the servers listen ({@code FOVEA_LISTEN_ADDRESS}), or null for every interface
 * @param jobName the {@code job} tag on every metric ({@code FOVEA_JOB_NAME}, default "local")
 * @param terminationLog {@code FOVEA_TERMINATION_LOG}, or {@code null} for Kubernetes' default path
 * @param seed the seed of the initial weights and of the data order ({@code FOVEA_SEED}, default 1)
 * @param divergenceLimit consecutive steps with a NaN or infinite loss that stop training
 *     ({@code FOVEA_NONFINITE_LOSS_STEPS}, default {@link DivergenceGuard#DEFAULT_LIMIT})
 * @param variables all variables, for the parts that read their own (the exchange's {@code FOVEA_EXCHANGE_*})
 */
public record TrainerEnvironment(
        MlRoot mlRoot,
        int observePort,
        String listenAddress,
        String jobName,
        String terminationLog,
        long seed,
        int divergenceLimit,
        Map<String, String> variables) {

    public static TrainerEnvironment fromEnvironment() {
        return of(System.getenv());
    }

    public static TrainerEnvironment of(Map<String, String> env) {
        maxImagePixels(env);
        return new TrainerEnvironment(
                MlRoot.fromEnvironment(env),
                (int) number(env, ContainerEnvironment.OBSERVE_PORT, Ports.OBSERVE),
                env.get(ContainerEnvironment.LISTEN_ADDRESS),
                env.getOrDefault(ContainerEnvironment.JOB_NAME, "local"),
                env.get(ContainerEnvironment.TERMINATION_LOG),
                number(env, ContainerEnvironment.SEED, 1),
                divergenceLimit(env),
                Map.copyOf(env));
    }

    private static int divergenceLimit(Map<String, String> env) {
        long steps = number(env, ContainerEnvironment.NONFINITE_LOSS_STEPS, DivergenceGuard.DEFAULT_LIMIT);
        if (steps < 1 || steps > Integer.MAX_VALUE) {
            throw new ClientError(ContainerEnvironment.NONFINITE_LOSS_STEPS + " is " + steps
                    + "; it must be a whole number of steps" + " from 1 to " + Integer.MAX_VALUE);
        }
        return (int) steps;
    }

    /**
     * The most pixels a training image may declare ({@code FOVEA_MAX_IMAGE_PIXELS}), or 0 when unset: the limit is then
     * derived from the job ({@link dev.fovea.trainer.data.image.PixelLimit}).
     */
    public long maxImagePixels() {
        return maxImagePixels(variables);
    }

    private static long maxImagePixels(Map<String, String> env) {
        String value = env.get(ContainerEnvironment.MAX_IMAGE_PIXELS);
        if (value == null || value.isBlank()) {
            return 0;
        }
        long pixels = number(env, ContainerEnvironment.MAX_IMAGE_PIXELS, 0);
        if (pixels < 1) {
            throw new ClientError(ContainerEnvironment.MAX_IMAGE_PIXELS + " is " + pixels
                    + "; it must be a whole number of pixels from 1 to " + Long.MAX_VALUE
                    + ", or unset for a limit derived from image_shape and resize");
        }
        return pixels;
    }

    /** Where the observe server listens: {@link #listenAddress} (every interface when unset), {@link #observePort}. */
    public InetSocketAddress observeAddress() {
        return listenAddress == null || listenAddress.isBlank()
                ? new InetSocketAddress(observePort)
                : new InetSocketAddress(listenAddress.strip(), observePort);
    }

    private static long number(Map<String, String> env, String name, long fallback) {
        return EnvironmentVariables.wholeNumber(env, name, fallback, ClientError::new);
    }
}
