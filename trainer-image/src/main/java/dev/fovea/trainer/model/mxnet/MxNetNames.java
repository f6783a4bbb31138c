package dev.fovea.trainer.model.mxnet;

import ai.djl.nn.Parameter;

/**
 * MXNet's parameter names, and how a DJL parameter's name maps to its key in an MXNet {@code .params} file.
 *
 * <p>An operator {@code conv0} owns the variables {@code conv0_weight} (and {@code conv0_bias}); a BatchNorm
 * {@code bn1} owns {@code bn1_gamma}, {@code bn1_beta} and the auxiliary states {@code bn1_moving_mean},
 * {@code bn1_moving_var}. A checkpoint stores learned values under {@code arg:<name>} and auxiliary states under
 * {@code aux:<name>}. A network whose blocks carry MXNet's operator names ({@code SageMakerResNet}) has DJL
 * parameter names {@code <operator>_<parameter>}: the learned ones are MXNet's names already, and a BatchNorm's
 * running statistics ({@link Parameter.Type#RUNNING_MEAN}, {@link Parameter.Type#RUNNING_VAR}) become the
 * operator's {@code _moving_mean} and {@code _moving_var}.
 */
public final class MxNetNames {

    public static final String WEIGHT = "_weight";
    public static final String BIAS = "_bias";
    public static final String GAMMA = "_gamma";
    public static final String BETA = "_beta";
    public static final String MOVING_MEAN = "_moving_mean";
    public static final String MOVING_VAR = "_moving_var";
    /** The suffix of the label variable MXNet's loss outputs ({@code SoftmaxOutput}) read. */
    public static final String LABEL = "_label";

    /** The key prefix of a learned parameter in a {@code .params} file. */
    public static final String ARG = "arg:";
    /** The key prefix of an auxiliary state in a {@code .params} file. */
    public static final String AUX = "aux:";

    private MxNetNames() {}

    /**
     * The {@code .params} key of a DJL parameter.
     *
     * @param djlName the parameter's name in {@code block.getParameters()}, {@code <operator>_<parameter name>}
     * @param parameter the parameter
     * @return {@code arg:<djlName>}, or {@code aux:<operator>_moving_mean} ({@code _moving_var}) for running
     *     statistics
     */
    public static String key(String djlName, Parameter parameter) {
        Parameter.Type type = parameter.getType();
        if (type == Parameter.Type.RUNNING_MEAN || type == Parameter.Type.RUNNING_VAR) {
            String suffix = "_" + parameter.getName();
            if (!djlName.endsWith(suffix)) {
                throw new IllegalArgumentException(
                        "parameter " + djlName + " does not end with its own name " + parameter.getName());
            }
            String operator = djlName.substring(0, djlName.length() - suffix.length());
            return AUX + operator + (type == Parameter.Type.RUNNING_MEAN ? MOVING_MEAN : MOVING_VAR);
        }
        return ARG + djlName;
    }
}
