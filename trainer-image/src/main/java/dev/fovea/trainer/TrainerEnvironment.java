package dev.fovea.trainer;

import dev.fovea.api.contract.ContainerEnvironment;
import dev.fovea.api.contract.MlRoot;
import dev.fovea.api.contract.Ports;
import java.util.Map;

/**
 * What the trainer reads from its environment besides the {@code /opt/ml} contract.
 *
 * @param mlRoot the contract root ({@code FOVEA_ML_ROOT}, default {@code /opt/ml})
 * @param observePort the metrics and progress port ({@code FOVEA_OBSERVE_PORT}, default 8080; 0 picks a free one)
 * @param jobName the {@code job} tag on every metric ({@code FOVEA_JOB_NAME}, default "local")
 * @param terminationLog {@code FOVEA_TERMINATION_LOG}, or {@code null} for Kubernetes' default path
 * @param seed the seed of the initial weights and of the data order ({@code FOVEA_SEED}, default 1)
 * @param variables all variables, for the parts that read their own (the exchange's {@code FOVEA_EXCHANGE_*})
 */
public record TrainerEnvironment(
        MlRoot mlRoot,
        int observePort,
        String jobName,
        String terminationLog,
        long seed,
        Map<String, String> variables) {

    public static TrainerEnvironment fromEnvironment() {
        return of(System.getenv());
    }

    public static TrainerEnvironment of(Map<String, String> env) {
        return new TrainerEnvironment(
                MlRoot.fromEnvironment(env),
                (int) number(env, ContainerEnvironment.OBSERVE_PORT, Ports.OBSERVE),
                env.getOrDefault(ContainerEnvironment.JOB_NAME, "local"),
                env.get(ContainerEnvironment.TERMINATION_LOG),
                number(env, ContainerEnvironment.SEED, 1),
                Map.copyOf(env));
    }

    private static long number(Map<String, String> env, String name, long fallback) {
        return EnvironmentVariables.wholeNumber(env, name, fallback, ClientError::new);
    }
}
