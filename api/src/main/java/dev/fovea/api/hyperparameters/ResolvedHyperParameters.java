package dev.fovea.api.hyperparameters;

import dev.fovea.api.spec.AugmentationType;
import dev.fovea.api.spec.EpochList;
import dev.fovea.api.spec.HyperParameters;
import dev.fovea.api.spec.ImageShape;
import dev.fovea.api.spec.KvStore;
import dev.fovea.api.spec.Optimizer;
import dev.fovea.api.spec.PrecisionDtype;
import dev.fovea.api.spec.Violation;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * A job's hyperparameters as code uses them: valid, every SageMaker default applied, every value parsed into its type
 * ({@code imageShape} an {@link ImageShape}, {@code lrSchedulerStep} a list of epochs, the enums). {@link #resolve} is
 * the one way from the spec form {@link HyperParameters} (where "unset" is representable, as the manifest and the CRD
 * need) to this record. The components are the {@link HyperParameterField} catalogue, in its order and with its
 * camelCase names; see the README's hyperparameter table for what each means.
 *
 * @param checkpointFrequency as the job sets it; unset means a checkpoint whenever validation accuracy reaches a new
 *     best (after the last epoch when there is no validation channel)
 * @param resize the length the shorter side of an image is resized to; unset means images are not resized
 * @param lrSchedulerStep the epochs at which the learning rate drops, ascending; empty means a constant rate
 * @param augmentationType unset means no augmentation
 * @param topK unset means no top-k accuracy is computed or reported
 * @param kvStore as the job sets it; see {@link #exchangeMode}
 */
public record ResolvedHyperParameters(
        int numClasses,
        int numTrainingSamples,
        boolean usePretrainedModel,
        OptionalInt checkpointFrequency,
        int numLayers,
        OptionalInt resize,
        int epochs,
        double learningRate,
        double lrSchedulerFactor,
        List<Integer> lrSchedulerStep,
        Optimizer optimizer,
        double momentum,
        double weightDecay,
        double beta1,
        double beta2,
        double eps,
        double gamma,
        int miniBatchSize,
        ImageShape imageShape,
        Optional<AugmentationType> augmentationType,
        OptionalInt topK,
        Optional<KvStore> kvStore,
        boolean earlyStopping,
        int earlyStoppingMinEpochs,
        int earlyStoppingPatience,
        double earlyStoppingTolerance,
        boolean multiLabel,
        boolean useWeightedLoss,
        PrecisionDtype precisionDtype) {

    public ResolvedHyperParameters {
        Objects.requireNonNull(checkpointFrequency, "checkpointFrequency");
        Objects.requireNonNull(resize, "resize");
        lrSchedulerStep = List.copyOf(lrSchedulerStep);
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(imageShape, "imageShape");
        Objects.requireNonNull(augmentationType, "augmentationType");
        Objects.requireNonNull(topK, "topK");
        Objects.requireNonNull(kvStore, "kvStore");
        Objects.requireNonNull(precisionDtype, "precisionDtype");
    }

    /**
     * Validates {@code hyperParameters}, applies SageMaker's defaults and parses every value.
     *
     * @throws InvalidHyperParametersException listing every rule they break, each naming the field, the value and what
     *     is allowed
     */
    public static ResolvedHyperParameters resolve(HyperParameters hyperParameters) {
        HyperParameters hp = HyperParameterDefaults.applyTo(hyperParameters);
        List<Violation> violations = HyperParameterRules.validate(hyperParameters, hp);
        if (!violations.isEmpty()) {
            throw new InvalidHyperParametersException(violations);
        }
        return new ResolvedHyperParameters(
                hp.getNumClasses(),
                hp.getNumTrainingSamples(),
                hp.getUsePretrainedModel() == 1,
                optionalInt(hyperParameters.getCheckpointFrequency()),
                hp.getNumLayers(),
                optionalInt(hp.getResize()),
                hp.getEpochs(),
                hp.getLearningRate(),
                hp.getLrSchedulerFactor(),
                hp.getLrSchedulerStep() == null
                        ? List.of()
                        : EpochList.parse(hp.getLrSchedulerStep()).epochs(),
                hp.getOptimizer(),
                hp.getMomentum(),
                hp.getWeightDecay(),
                hp.getBeta1(),
                hp.getBeta2(),
                hp.getEps(),
                hp.getGamma(),
                hp.getMiniBatchSize(),
                ImageShape.parse(hp.getImageShape()),
                Optional.ofNullable(hp.getAugmentationType()),
                optionalInt(hp.getTopK()),
                Optional.ofNullable(hp.getKvStore()),
                hp.getEarlyStopping(),
                hp.getEarlyStoppingMinEpochs(),
                hp.getEarlyStoppingPatience(),
                hp.getEarlyStoppingTolerance(),
                hp.getMultiLabel() == 1,
                hp.getUseWeightedLoss() == 1,
                hp.getPrecisionDtype());
    }

    /**
     * How several hosts combine their gradients: {@code kvStore} as set, else dist_sync, as SageMaker's algorithm does
     * (a single host exchanges nothing, whatever the mode).
     */
    public KvStore exchangeMode() {
        return kvStore.orElse(KvStore.DIST_SYNC);
    }

    /**
     * The same values in the spec form, every default filled in (an unset checkpointFrequency stays unset), as a
     * trained model's {@code model.json} records them.
     */
    public HyperParameters toSpec() {
        HyperParameters hp = new HyperParameters();
        hp.setNumClasses(numClasses);
        hp.setNumTrainingSamples(numTrainingSamples);
        hp.setUsePretrainedModel(usePretrainedModel ? 1 : 0);
        hp.setCheckpointFrequency(checkpointFrequency.isPresent() ? checkpointFrequency.getAsInt() : null);
        hp.setNumLayers(numLayers);
        hp.setResize(resize.isPresent() ? resize.getAsInt() : null);
        hp.setEpochs(epochs);
        hp.setLearningRate(learningRate);
        hp.setLrSchedulerFactor(lrSchedulerFactor);
        hp.setLrSchedulerStep(
                lrSchedulerStep.isEmpty()
                        ? null
                        : lrSchedulerStep.stream().map(String::valueOf).collect(Collectors.joining(",")));
        hp.setOptimizer(optimizer);
        hp.setMomentum(momentum);
        hp.setWeightDecay(weightDecay);
        hp.setBeta1(beta1);
        hp.setBeta2(beta2);
        hp.setEps(eps);
        hp.setGamma(gamma);
        hp.setMiniBatchSize(miniBatchSize);
        hp.setImageShape(imageShape.toString());
        hp.setAugmentationType(augmentationType.orElse(null));
        hp.setTopK(topK.isPresent() ? topK.getAsInt() : null);
        hp.setKvStore(kvStore.orElse(null));
        hp.setEarlyStopping(earlyStopping);
        hp.setEarlyStoppingMinEpochs(earlyStoppingMinEpochs);
        hp.setEarlyStoppingPatience(earlyStoppingPatience);
        hp.setEarlyStoppingTolerance(earlyStoppingTolerance);
        hp.setMultiLabel(multiLabel ? 1 : 0);
        hp.setUseWeightedLoss(useWeightedLoss ? 1 : 0);
        hp.setPrecisionDtype(precisionDtype);
        return hp;
    }

    private static OptionalInt optionalInt(Integer value) {
        return value == null ? OptionalInt.empty() : OptionalInt.of(value);
    }
}
