package dev.fovea.api.validation;

import dev.fovea.api.hyperparameters.HyperParameterDefaults;
import dev.fovea.api.pretrained.PretrainedCatalogue;
import dev.fovea.api.spec.ChannelName;
import dev.fovea.api.spec.HyperParameters;
import dev.fovea.api.spec.ImageClassificationJobSpec;
import dev.fovea.api.spec.PrecisionDtype;
import dev.fovea.api.spec.ResourceConfig;
import dev.fovea.api.spec.Violation;
import java.util.ArrayList;
import java.util.List;

/** Rules that tie the hyperparameters to the hosts and channels they run with. */
final class ResourceRules {

    private ResourceRules() {}

    static List<Violation> validate(ImageClassificationJobSpec spec) {
        List<Violation> violations = new ArrayList<>();
        HyperParameters hp = spec.getHyperParameters();
        ResourceConfig resources = spec.getResourceConfig();
        if (resources != null) {
            violations.addAll(ContainerImageRules.validate(resources, "spec.resourceConfig"));
        }
        if (hp == null) {
            return violations;
        }
        HyperParameters withDefaults = HyperParameterDefaults.applyTo(hp);
        int batch = withDefaults.getMiniBatchSize();
        int gpus = resources == null || resources.getGpusPerHost() == null ? 0 : resources.getGpusPerHost();
        if (gpus > 0 && batch > 0 && batch % gpus != 0) {
            violations.add(new Violation(
                    "spec.hyperParameters.miniBatchSize",
                    Integer.toString(batch),
                    "miniBatchSize " + batch + " does not divide evenly over resourceConfig.gpusPerHost " + gpus
                            + ": each GPU trains miniBatchSize / gpusPerHost images per step, so miniBatchSize "
                            + "must be a multiple of " + gpus));
        }
        if (withDefaults.getEarlyStopping() && spec.channel(ChannelName.VALIDATION) == null) {
            violations.add(new Violation(
                    "spec.hyperParameters.earlyStopping",
                    "true",
                    "earlyStopping true needs a validation channel: early stopping ends training when validation "
                            + "accuracy stops improving, and without validation data there is none to watch"));
        }
        if (hp.getPrecisionDtype() == PrecisionDtype.FLOAT16 && gpus == 0) {
            violations.add(new Violation(
                    "spec.hyperParameters.precisionDtype",
                    "float16",
                    "precisionDtype float16 needs GPUs, but resourceConfig.gpusPerHost is " + gpus
                            + ": set gpusPerHost >= 1 or use float32"));
        }
        if (PretrainedCatalogue.isNeededBy(spec)) {
            // The CRD cannot know the operator's catalogue: the operator validates the spec it completed from it.
            violations.add(new Violation(
                    "spec.hyperParameters.usePretrainedModel", "1", PretrainedCatalogue.NEEDS_MODEL_MESSAGE));
        }
        return violations;
    }
}
