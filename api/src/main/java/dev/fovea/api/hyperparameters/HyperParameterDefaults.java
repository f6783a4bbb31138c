package dev.fovea.api.hyperparameters;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fovea.api.spec.HyperParameters;

/**
 * Applies SageMaker's defaults, as the {@link HyperParameterField} catalogue declares them, to the spec form. Code that
 * trains takes {@link ResolvedHyperParameters} instead; this is for the rules that judge a spec as SageMaker would run
 * it (an unset epochs counts as 30) and for status fields that show the effective value of a spec not yet resolved.
 */
public final class HyperParameterDefaults {

    private HyperParameterDefaults() {}

    /**
     * A copy with SageMaker's documented default in every unset field that has one. Fields without a default
     * (numClasses, numTrainingSamples, checkpointFrequency, resize, lrSchedulerStep, augmentationType, topK, kvStore)
     * stay unset. {@code null} counts as all unset.
     */
    public static HyperParameters applyTo(HyperParameters hyperParameters) {
        ObjectNode typed = hyperParameters == null
                ? SageMakerForm.JSON.createObjectNode()
                : SageMakerForm.JSON.valueToTree(hyperParameters);
        for (HyperParameterField field : HyperParameterField.values()) {
            if (!typed.hasNonNull(field.camelCaseName())) {
                field.defaultValue()
                        .ifPresent(text ->
                                typed.set(field.camelCaseName(), field.type().parse(text)));
            }
        }
        return SageMakerForm.JSON.convertValue(typed, HyperParameters.class);
    }
}
