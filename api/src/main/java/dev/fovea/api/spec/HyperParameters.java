package dev.fovea.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/**
 * The hyperparameters of SageMaker's built-in Image Classification algorithm, in camelCase, as the manifest and the
 * CRD carry them. Every field is boxed so that "unset" is representable; code that trains takes
 * {@code dev.fovea.api.hyperparameters.ResolvedHyperParameters}, with SageMaker's defaults applied and the values
 * parsed. Ranges here ({@link Min}, {@link Max}, {@link Pattern}) feed both the CRD and the Java validation; the
 * cross-field rules are CEL expressions in the CRD and Java rules in {@code dev.fovea.api.hyperparameters}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = HyperParameterRulesCel.CHECKPOINT_FREQUENCY_RULE,
        message = HyperParameterRulesCel.CHECKPOINT_FREQUENCY_MESSAGE)
@ValidationRule(value = HyperParameterRulesCel.PRETRAINED_RULE, message = HyperParameterRulesCel.PRETRAINED_MESSAGE)
@ValidationRule(
        value = HyperParameterRulesCel.IMAGE_SHAPE_BOUND_RULE,
        message = HyperParameterRulesCel.IMAGE_SHAPE_BOUND_MESSAGE)
@ValidationRule(
        value = HyperParameterRulesCel.WEIGHTED_LOSS_RULE,
        message = HyperParameterRulesCel.WEIGHTED_LOSS_MESSAGE)
public class HyperParameters {

    /** SageMaker's default epochs, also used by the CRD's CEL rules when epochs is unset. */
    public static final String DEFAULT_EPOCHS = "30";
    /** SageMaker's default mini-batch size, also used by the CRD's CEL rules when miniBatchSize is unset. */
    public static final String DEFAULT_MINI_BATCH_SIZE = "32";
    /** ResNet depths SageMaker builds for ImageNet-sized images; the only ones with pretrained weights. */
    public static final String IMAGENET_NUM_LAYERS = "18, 34, 50, 101, 152, 200";
    /** ResNet depths SageMaker builds for small (CIFAR-sized) images. */
    public static final String CIFAR_NUM_LAYERS = "20, 32, 44, 56, 110";

    static final String NUM_LAYERS_RULE = "self in [" + IMAGENET_NUM_LAYERS + ", " + CIFAR_NUM_LAYERS + "]";
    static final String NUM_LAYERS_MESSAGE =
            "numLayers must be one of " + IMAGENET_NUM_LAYERS + " (ImageNet) or " + CIFAR_NUM_LAYERS + " (CIFAR)";
    /**
     * The largest height, width and resize in pixels. SageMaker sets no bound and warns of memory; training memory
     * grows with height × width: a ResNet-50 keeps about 100 MB of activations per 224×224 image, so at 4096×4096
     * (334 times the pixels) one image needs about 34 GB, all a large accelerator holds for a batch. Beyond that no
     * host can train a single image, and a typo such as 20000 would only fail after the pods started.
     */
    public static final int MAX_IMAGE_SIDE = 4096;
    /** {@link #MAX_IMAGE_SIDE} as a regular expression of 1 .. 4096 without leading zeros, for the CRD's CEL. */
    static final String IMAGE_SIDE_REGEX = "([1-9][0-9]{0,2}|[1-3][0-9]{3}|40[0-8][0-9]|409[0-6])";
    /** "c,h,w": 1 or 3 channels, positive height and width. */
    public static final String IMAGE_SHAPE_PATTERN = "^\\s*[13]\\s*,\\s*[1-9][0-9]*\\s*,\\s*[1-9][0-9]*\\s*$";
    /** A comma-separated list of positive epochs. */
    public static final String EPOCH_LIST_PATTERN = "^\\s*[1-9][0-9]*(\\s*,\\s*[1-9][0-9]*)*\\s*$";

    @JsonPropertyDescription("SageMaker num_classes. Number of output classes: the size of the network's output, "
            + "usually the number of classes in the data set. Required. Valid values: positive integer.")
    @Required
    @Min(1)
    private Integer numClasses;

    @JsonPropertyDescription("SageMaker num_training_samples. Number of training examples in the input data set; "
            + "lrSchedulerStep counts epochs with it, so it should match the training data. Required. Valid values: "
            + "positive integer.")
    @Required
    @Min(1)
    private Integer numTrainingSamples;

    @JsonPropertyDescription("SageMaker use_pretrained_model. 1 starts from pretrained weights in the model channel "
            + "(a Fovea model directory, or a torchvision ResNet as a TorchScript .pt or a state_dict) and replaces "
            + "its output layer; only with an ImageNet numLayers (18, 34, 50, 101, 152, 200). Valid values: 0 or 1. "
            + "Default: 0.")
    @Min(0)
    @Max(1)
    private Integer usePretrainedModel;

    @JsonPropertyDescription("SageMaker checkpoint_frequency. Period, in epochs, at which the model parameters are "
            + "checkpointed; each checkpointed epoch's parameters also go into model.tar.gz. Valid values: positive "
            + "integer no greater than epochs. Default: none (a checkpoint whenever validation accuracy reaches a new "
            + "best, after the last epoch without a validation channel; the model is that epoch).")
    @Min(1)
    private Integer checkpointFrequency;

    @JsonPropertyDescription("SageMaker num_layers. Number of layers of the ResNet. Valid values: 18, 34, 50, 101, "
            + "152, 200 (ImageNet-style networks) or 20, 32, 44, 56, 110 (CIFAR-style networks for small images). "
            + "Default: 152.")
    @ValidationRule(value = NUM_LAYERS_RULE, message = NUM_LAYERS_MESSAGE)
    private Integer numLayers;

    @JsonPropertyDescription("SageMaker resize. Length in pixels of the shorter side of an image after resizing; "
            + "unset means training crops are cut from the image as decoded, while validation and prediction resize "
            + "the shorter side to imageShape's. Valid values: positive integer >= the height and width of "
            + "imageShape, at most 4096. Default: none.")
    @Min(1)
    @Max(MAX_IMAGE_SIDE)
    private Integer resize;

    @JsonPropertyDescription(
            "SageMaker epochs. Number of training epochs. Valid values: positive integer. Default: " + "30.")
    @Min(1)
    private Integer epochs;

    @JsonPropertyDescription(
            "SageMaker learning_rate. Initial learning rate. Valid values: float in [0, 1]. " + "Default: 0.1.")
    @Min(0)
    @Max(1)
    private Double learningRate;

    @JsonPropertyDescription("SageMaker lr_scheduler_factor. Factor the learning rate is multiplied by at each epoch "
            + "of lrSchedulerStep. Valid values: float in [0, 1]. Default: 0.1.")
    @Min(0)
    @Max(1)
    private Double lrSchedulerFactor;

    @JsonPropertyDescription("SageMaker lr_scheduler_step. Epochs at which the learning rate is multiplied by "
            + "lrSchedulerFactor, e.g. \"10, 20\" (after the 10th and the 20th epoch; an epoch at or beyond epochs is "
            + "never reached). Valid values: comma-separated positive integers in ascending order. Default: none "
            + "(the learning rate stays constant).")
    @Pattern(EPOCH_LIST_PATTERN)
    private String lrSchedulerStep;

    @JsonPropertyDescription(
            "SageMaker optimizer. The optimizer. Valid values: sgd, adam, rmsprop, nag. Default: " + "sgd.")
    private Optimizer optimizer;

    @JsonPropertyDescription("SageMaker momentum. Momentum for sgd and nag; ignored by the other optimizers. Valid "
            + "values: float in [0, 1]. Default: 0.9.")
    @Min(0)
    @Max(1)
    private Double momentum;

    @JsonPropertyDescription("SageMaker weight_decay. L2 weight decay coefficient for sgd and nag; ignored by the "
            + "other optimizers. Valid values: float in [0, 1]. Default: 0.0001.")
    @Min(0)
    @Max(1)
    private Double weightDecay;

    @JsonPropertyDescription("SageMaker beta_1. beta1 of adam: the exponential decay rate of the first-moment "
            + "estimates. Valid values: float in [0, 1]. Default: 0.9.")
    @Min(0)
    @Max(1)
    private Double beta1;

    @JsonPropertyDescription("SageMaker beta_2. beta2 of adam: the exponential decay rate of the second-moment "
            + "estimates. Valid values: float in [0, 1]. Default: 0.999.")
    @Min(0)
    @Max(1)
    private Double beta2;

    @JsonPropertyDescription("SageMaker eps. Epsilon of adam and rmsprop, a small value that avoids division by "
            + "zero. Valid values: float in [0, 1]. Default: 1e-8.")
    @Min(0)
    @Max(1)
    private Double eps;

    @JsonPropertyDescription("SageMaker gamma. Gamma of rmsprop: the decay factor of the moving average of squared "
            + "gradients. Valid values: float in [0, 1]. Default: 0.9.")
    @Min(0)
    @Max(1)
    private Double gamma;

    @JsonPropertyDescription("SageMaker mini_batch_size. Images each host trains per step, split evenly over its "
            + "GPUs; with n hosts the gang trains n x miniBatchSize images per step, as SageMaker's dist_sync does. "
            + "Valid values: positive integer divisible by gpusPerHost. Default: 32.")
    @Min(1)
    private Integer miniBatchSize;

    @JsonPropertyDescription("SageMaker image_shape. Input image dimensions \"num_channels,height,width\"; images of "
            + "other sizes are cropped to it (training) or resized and centre-cropped (validation, prediction). Valid "
            + "values: num_channels "
            + "1 or 3, height and width integers from 1 to 4096. Default: \"3,224,224\".")
    @Pattern(IMAGE_SHAPE_PATTERN)
    private String imageShape;

    @JsonPropertyDescription("SageMaker augmentation_type. Data augmentation: crop (random crop and horizontal "
            + "flip), crop_color (also random hue, saturation and lightness shifts in [-36, 36], [-50, 50], [-50, "
            + "50]), crop_color_transform (also random rotation, shear and aspect-ratio changes). Valid values: "
            + "crop, crop_color, crop_color_transform. Default: none (no augmentation).")
    private AugmentationType augmentationType;

    @JsonPropertyDescription("SageMaker top_k. Reports the top-k accuracy during training (single-label data). "
            + "Valid values: positive integer > 1. Default: none (no top-k accuracy is reported).")
    @Min(2)
    private Integer topK;

    @JsonPropertyDescription("SageMaker kv_store. Weight update synchronisation across hosts: dist_sync averages "
            + "gradients after every batch, dist_async updates as each host's gradients arrive. Only used with more "
            + "than one host. Valid values: dist_sync, dist_async. Default: none (dist_sync when instanceCount > "
            + "1).")
    private KvStore kvStore;

    @JsonPropertyDescription("SageMaker early_stopping. true stops training when validation accuracy stops "
            + "improving; needs a validation channel. Valid values: true or false. Default: false.")
    private Boolean earlyStopping;

    @JsonPropertyDescription("SageMaker early_stopping_min_epochs. Minimum number of epochs before early stopping "
            + "may stop training; used only when earlyStopping is true. Valid values: positive integer. Default: "
            + "10.")
    @Min(1)
    private Integer earlyStoppingMinEpochs;

    @JsonPropertyDescription("SageMaker early_stopping_patience. Number of epochs without improvement in validation "
            + "accuracy after which training stops; used only when earlyStopping is true. Valid values: positive "
            + "integer. Default: 5.")
    @Min(1)
    private Integer earlyStoppingPatience;

    @JsonPropertyDescription("SageMaker early_stopping_tolerance. Relative improvement in validation accuracy below "
            + "which an epoch counts as no improvement; used only when earlyStopping is true. Valid values: float "
            + "in [0, 1]. Default: 0.0.")
    @Min(0)
    @Max(1)
    private Double earlyStoppingTolerance;

    @JsonPropertyDescription("SageMaker multi_label. 1 trains a multi-label classifier (each image may carry several "
            + "labels), 0 a multi-class one. Valid values: 0 or 1. Default: 0.")
    @Min(0)
    @Max(1)
    private Integer multiLabel;

    @JsonPropertyDescription("SageMaker use_weighted_loss. 1 weights each class's loss by the inverse of its "
            + "frequency in the training labels. Valid values: 0 or 1 (1 only with multiLabel 1). Default: 0.")
    @Min(0)
    @Max(1)
    private Integer useWeightedLoss;

    @JsonPropertyDescription("SageMaker precision_dtype. Precision of the weights: float16 trains in mixed precision "
            + "(needs a GPU). Valid values: float32, float16. Default: float32.")
    private PrecisionDtype precisionDtype;

    public Integer getNumClasses() {
        return numClasses;
    }

    public void setNumClasses(Integer numClasses) {
        this.numClasses = numClasses;
    }

    public Integer getNumTrainingSamples() {
        return numTrainingSamples;
    }

    public void setNumTrainingSamples(Integer numTrainingSamples) {
        this.numTrainingSamples = numTrainingSamples;
    }

    public Integer getUsePretrainedModel() {
        return usePretrainedModel;
    }

    public void setUsePretrainedModel(Integer usePretrainedModel) {
        this.usePretrainedModel = usePretrainedModel;
    }

    public Integer getCheckpointFrequency() {
        return checkpointFrequency;
    }

    public void setCheckpointFrequency(Integer checkpointFrequency) {
        this.checkpointFrequency = checkpointFrequency;
    }

    public Integer getNumLayers() {
        return numLayers;
    }

    public void setNumLayers(Integer numLayers) {
        this.numLayers = numLayers;
    }

    public Integer getResize() {
        return resize;
    }

    public void setResize(Integer resize) {
        this.resize = resize;
    }

    public Integer getEpochs() {
        return epochs;
    }

    public void setEpochs(Integer epochs) {
        this.epochs = epochs;
    }

    public Double getLearningRate() {
        return learningRate;
    }

    public void setLearningRate(Double learningRate) {
        this.learningRate = learningRate;
    }

    public Double getLrSchedulerFactor() {
        return lrSchedulerFactor;
    }

    public void setLrSchedulerFactor(Double lrSchedulerFactor) {
        this.lrSchedulerFactor = lrSchedulerFactor;
    }

    public String getLrSchedulerStep() {
        return lrSchedulerStep;
    }

    public void setLrSchedulerStep(String lrSchedulerStep) {
        this.lrSchedulerStep = lrSchedulerStep;
    }

    public Optimizer getOptimizer() {
        return optimizer;
    }

    public void setOptimizer(Optimizer optimizer) {
        this.optimizer = optimizer;
    }

    public Double getMomentum() {
        return momentum;
    }

    public void setMomentum(Double momentum) {
        this.momentum = momentum;
    }

    public Double getWeightDecay() {
        return weightDecay;
    }

    public void setWeightDecay(Double weightDecay) {
        this.weightDecay = weightDecay;
    }

    public Double getBeta1() {
        return beta1;
    }

    public void setBeta1(Double beta1) {
        this.beta1 = beta1;
    }

    public Double getBeta2() {
        return beta2;
    }

    public void setBeta2(Double beta2) {
        this.beta2 = beta2;
    }

    public Double getEps() {
        return eps;
    }

    public void setEps(Double eps) {
        this.eps = eps;
    }

    public Double getGamma() {
        return gamma;
    }

    public void setGamma(Double gamma) {
        this.gamma = gamma;
    }

    public Integer getMiniBatchSize() {
        return miniBatchSize;
    }

    public void setMiniBatchSize(Integer miniBatchSize) {
        this.miniBatchSize = miniBatchSize;
    }

    public String getImageShape() {
        return imageShape;
    }

    public void setImageShape(String imageShape) {
        this.imageShape = imageShape;
    }

    public AugmentationType getAugmentationType() {
        return augmentationType;
    }

    public void setAugmentationType(AugmentationType augmentationType) {
        this.augmentationType = augmentationType;
    }

    public Integer getTopK() {
        return topK;
    }

    public void setTopK(Integer topK) {
        this.topK = topK;
    }

    public KvStore getKvStore() {
        return kvStore;
    }

    public void setKvStore(KvStore kvStore) {
        this.kvStore = kvStore;
    }

    public Boolean getEarlyStopping() {
        return earlyStopping;
    }

    public void setEarlyStopping(Boolean earlyStopping) {
        this.earlyStopping = earlyStopping;
    }

    public Integer getEarlyStoppingMinEpochs() {
        return earlyStoppingMinEpochs;
    }

    public void setEarlyStoppingMinEpochs(Integer earlyStoppingMinEpochs) {
        this.earlyStoppingMinEpochs = earlyStoppingMinEpochs;
    }

    public Integer getEarlyStoppingPatience() {
        return earlyStoppingPatience;
    }

    public void setEarlyStoppingPatience(Integer earlyStoppingPatience) {
        this.earlyStoppingPatience = earlyStoppingPatience;
    }

    public Double getEarlyStoppingTolerance() {
        return earlyStoppingTolerance;
    }

    public void setEarlyStoppingTolerance(Double earlyStoppingTolerance) {
        this.earlyStoppingTolerance = earlyStoppingTolerance;
    }

    public Integer getMultiLabel() {
        return multiLabel;
    }

    public void setMultiLabel(Integer multiLabel) {
        this.multiLabel = multiLabel;
    }

    public Integer getUseWeightedLoss() {
        return useWeightedLoss;
    }

    public void setUseWeightedLoss(Integer useWeightedLoss) {
        this.useWeightedLoss = useWeightedLoss;
    }

    public PrecisionDtype getPrecisionDtype() {
        return precisionDtype;
    }

    public void setPrecisionDtype(PrecisionDtype precisionDtype) {
        this.precisionDtype = precisionDtype;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof HyperParameters that)) {
            return false;
        }
        return Objects.equals(numClasses, that.numClasses)
                && Objects.equals(numTrainingSamples, that.numTrainingSamples)
                && Objects.equals(usePretrainedModel, that.usePretrainedModel)
                && Objects.equals(checkpointFrequency, that.checkpointFrequency)
                && Objects.equals(numLayers, that.numLayers)
                && Objects.equals(resize, that.resize)
                && Objects.equals(epochs, that.epochs)
                && Objects.equals(learningRate, that.learningRate)
                && Objects.equals(lrSchedulerFactor, that.lrSchedulerFactor)
                && Objects.equals(lrSchedulerStep, that.lrSchedulerStep)
                && Objects.equals(optimizer, that.optimizer)
                && Objects.equals(momentum, that.momentum)
                && Objects.equals(weightDecay, that.weightDecay)
                && Objects.equals(beta1, that.beta1)
                && Objects.equals(beta2, that.beta2)
                && Objects.equals(eps, that.eps)
                && Objects.equals(gamma, that.gamma)
                && Objects.equals(miniBatchSize, that.miniBatchSize)
                && Objects.equals(imageShape, that.imageShape)
                && Objects.equals(augmentationType, that.augmentationType)
                && Objects.equals(topK, that.topK)
                && Objects.equals(kvStore, that.kvStore)
                && Objects.equals(earlyStopping, that.earlyStopping)
                && Objects.equals(earlyStoppingMinEpochs, that.earlyStoppingMinEpochs)
                && Objects.equals(earlyStoppingPatience, that.earlyStoppingPatience)
                && Objects.equals(earlyStoppingTolerance, that.earlyStoppingTolerance)
                && Objects.equals(multiLabel, that.multiLabel)
                && Objects.equals(useWeightedLoss, that.useWeightedLoss)
                && Objects.equals(precisionDtype, that.precisionDtype);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                numClasses,
                numTrainingSamples,
                usePretrainedModel,
                checkpointFrequency,
                numLayers,
                resize,
                epochs,
                learningRate,
                lrSchedulerFactor,
                lrSchedulerStep,
                optimizer,
                momentum,
                weightDecay,
                beta1,
                beta2,
                eps,
                gamma,
                miniBatchSize,
                imageShape,
                augmentationType,
                topK,
                kvStore,
                earlyStopping,
                earlyStoppingMinEpochs,
                earlyStoppingPatience,
                earlyStoppingTolerance,
                multiLabel,
                useWeightedLoss,
                precisionDtype);
    }
}
