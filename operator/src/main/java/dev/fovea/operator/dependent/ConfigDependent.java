package dev.fovea.operator.dependent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.ObjectNames;
import dev.fovea.api.contract.HyperParametersFile;
import dev.fovea.api.contract.InputDataConfigFile;
import dev.fovea.api.contract.ResourceConfigFile;
import dev.fovea.api.hyperparameters.SageMakerForm;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ConfigMap {@code <job>-config}: SageMaker's {@code hyperparameters.json} and {@code inputdataconfig.json}, plus
 * one {@code resourceconfig-<k>.json} per host k ({@code current_host} = {@code algo-<k+1>}, all hosts and their DNS
 * names). Each pod mounts its own resourceconfig file as {@code resourceconfig.json} (see {@link TrainerPodTemplate}).
 */
@KubernetesDependent(informer = @Informer(labelSelector = ObjectNames.MANAGED_BY_SELECTOR))
public class ConfigDependent extends CRUDKubernetesDependentResource<ConfigMap, ImageClassificationJob> {

    public static final String HYPERPARAMETERS = HyperParametersFile.FILE_NAME;
    public static final String INPUT_DATA_CONFIG = InputDataConfigFile.FILE_NAME;
    public static final String RESOURCE_CONFIG = ResourceConfigFile.FILE_NAME;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected ConfigMap desired(ImageClassificationJob job, Context<ImageClassificationJob> context) {
        String name = job.getMetadata().getName();
        String namespace = job.getMetadata().getNamespace();
        Map<String, String> data = new LinkedHashMap<>();
        data.put(HYPERPARAMETERS, json(SageMakerForm.of(job.getSpec().getHyperParameters())));
        data.put(
                INPUT_DATA_CONFIG,
                InputDataConfigFile.of(
                                GangSettings.from(context).specInForce(job).getInputDataConfig())
                        .toJson());
        int hosts = job.getSpec().hostCount();
        for (int host = 0; host < hosts; host++) {
            data.put(
                    resourceConfigKey(Integer.toString(host)),
                    ResourceConfigFile.forJobHost(name, namespace, hosts, host).toJson());
        }
        return new ConfigMapBuilder()
                .withMetadata(OwnedMetadata.of(job, ObjectNames.configMap(name)))
                .withData(data)
                .build();
    }

    /** The key of host {@code index}'s resourceconfig (an index or a {@code $(VAR)} for {@code subPathExpr}). */
    static String resourceConfigKey(String index) {
        return "resourceconfig-" + index + ".json";
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
    }
}
