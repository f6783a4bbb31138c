package dev.fovea.api.hyperparameters;

import dev.fovea.api.spec.AugmentationType;
import dev.fovea.api.spec.HyperParameters;
import dev.fovea.api.spec.KvStore;
import dev.fovea.api.spec.Optimizer;
import dev.fovea.api.spec.PrecisionDtype;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The catalogue: every hyperparameter of SageMaker's Image Classification algorithm, its SageMaker name, its value
 * type and SageMaker's documented default (in SageMaker's spelling; {@code null} where SageMaker has none). The
 * camelCase name of the field in {@link HyperParameters} and {@link ResolvedHyperParameters} follows from the
 * SageMaker name. {@link HyperParameterDefaults} applies the defaults, {@link SageMakerForm} the value types.
 */
public enum HyperParameterField {
    NUM_CLASSES("num_classes", ValueType.INTEGER, null),
    NUM_TRAINING_SAMPLES("num_training_samples", ValueType.INTEGER, null),
    USE_PRETRAINED_MODEL("use_pretrained_model", ValueType.INTEGER, "0"),
    /** No default, as SageMaker: unset, a checkpoint whenever validation accuracy reaches a new best. */
    CHECKPOINT_FREQUENCY("checkpoint_frequency", ValueType.INTEGER, null),
    NUM_LAYERS("num_layers", ValueType.INTEGER, "152"),
    RESIZE("resize", ValueType.INTEGER, null),
    EPOCHS("epochs", ValueType.INTEGER, HyperParameters.DEFAULT_EPOCHS),
    LEARNING_RATE("learning_rate", ValueType.FLOAT, "0.1"),
    LR_SCHEDULER_FACTOR("lr_scheduler_factor", ValueType.FLOAT, "0.1"),
    LR_SCHEDULER_STEP("lr_scheduler_step", ValueType.TEXT, null),
    OPTIMIZER("optimizer", ValueType.oneOf(Optimizer.class), "sgd"),
    MOMENTUM("momentum", ValueType.FLOAT, "0.9"),
    WEIGHT_DECAY("weight_decay", ValueType.FLOAT, "0.0001"),
    BETA_1("beta_1", ValueType.FLOAT, "0.9"),
    BETA_2("beta_2", ValueType.FLOAT, "0.999"),
    EPS("eps", ValueType.FLOAT, "1e-8"),
    GAMMA("gamma", ValueType.FLOAT, "0.9"),
    MINI_BATCH_SIZE("mini_batch_size", ValueType.INTEGER, HyperParameters.DEFAULT_MINI_BATCH_SIZE),
    IMAGE_SHAPE("image_shape", ValueType.TEXT, "3,224,224"),
    AUGMENTATION_TYPE("augmentation_type", ValueType.oneOf(AugmentationType.class), null),
    TOP_K("top_k", ValueType.INTEGER, null),
    KV_STORE("kv_store", ValueType.oneOf(KvStore.class), null),
    EARLY_STOPPING("early_stopping", ValueType.TRUE_FALSE, "False"),
    EARLY_STOPPING_MIN_EPOCHS("early_stopping_min_epochs", ValueType.INTEGER, "10"),
    EARLY_STOPPING_PATIENCE("early_stopping_patience", ValueType.INTEGER, "5"),
    EARLY_STOPPING_TOLERANCE("early_stopping_tolerance", ValueType.FLOAT, "0.0"),
    MULTI_LABEL("multi_label", ValueType.INTEGER, "0"),
    USE_WEIGHTED_LOSS("use_weighted_loss", ValueType.INTEGER, "0"),
    PRECISION_DTYPE("precision_dtype", ValueType.oneOf(PrecisionDtype.class), "float32");

    private final String sageMakerName;
    private final String camelCaseName;
    private final ValueType type;
    private final String defaultValue;

    HyperParameterField(String sageMakerName, ValueType type, String defaultValue) {
        this.sageMakerName = sageMakerName;
        this.camelCaseName = camelCase(sageMakerName);
        this.type = type;
        this.defaultValue = defaultValue;
    }

    /** SageMaker's snake_case key, e.g. {@code beta_1}. */
    public String sageMakerName() {
        return sageMakerName;
    }

    /** The field name in the manifest and in {@code HyperParameters}, e.g. {@code beta1}. */
    public String camelCaseName() {
        return camelCaseName;
    }

    /** SageMaker's default in SageMaker's spelling, if SageMaker documents a fixed one. */
    public Optional<String> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /** What a valid value looks like, e.g. "an integer". */
    public String typeDescription() {
        return type.description();
    }

    ValueType type() {
        return type;
    }

    /** The field with SageMaker name {@code name}. */
    public static Optional<HyperParameterField> bySageMakerName(String name) {
        return Arrays.stream(values()).filter(f -> f.sageMakerName.equals(name)).findFirst();
    }

    /**
     * {@code text} with every camelCase hyperparameter name replaced by its SageMaker name ({@code numLayers 19 is not
     * ...} becomes {@code num_layers 19 is not ...}), for messages to a user who wrote {@code hyperparameters.json}.
     */
    public static String inSageMakerNames(String text) {
        String renamed = text;
        for (HyperParameterField field : values()) {
            if (!field.camelCaseName.equals(field.sageMakerName)) {
                renamed = renamed.replaceAll("\\b" + field.camelCaseName + "\\b", field.sageMakerName);
            }
        }
        return renamed;
    }

    /** All SageMaker names, comma separated, for messages. */
    static String allSageMakerNames() {
        return Arrays.stream(values()).map(HyperParameterField::sageMakerName).collect(Collectors.joining(", "));
    }

    private static String camelCase(String snake) {
        StringBuilder camel = new StringBuilder();
        boolean upper = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                camel.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return camel.toString();
    }
}
