package dev.fovea.api;

import dev.fovea.api.spec.ImageClassificationJobSpec;
import dev.fovea.api.status.ImageClassificationJobStatus;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** One training job: SageMaker's Image Classification algorithm, run by Fovea as a gang of trainer pods. */
@Group(ImageClassificationJob.GROUP)
@Version(ImageClassificationJob.VERSION)
@Kind(ImageClassificationJob.KIND)
@Plural(ImageClassificationJob.PLURAL)
@ShortNames(ImageClassificationJob.SHORT_NAME)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Epoch", jsonPath = ".status.epoch", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Epochs", jsonPath = ".status.totalEpochs", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
        name = "Val-Accuracy",
        jsonPath = ".status.validationAccuracy",
        type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "Restarts", jsonPath = ".status.restarts", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class ImageClassificationJob extends CustomResource<ImageClassificationJobSpec, ImageClassificationJobStatus>
        implements Namespaced {

    public static final String GROUP = "fovea.dev";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;
    public static final String KIND = "ImageClassificationJob";
    public static final String PLURAL = "imageclassificationjobs";
    public static final String SHORT_NAME = "icj";
    /** The CRD's name, also its file name under {@code crds/}. */
    public static final String CRD_NAME = PLURAL + "." + GROUP;

    public ImageClassificationJob() {}

    public ImageClassificationJob(String namespace, String name, ImageClassificationJobSpec spec) {
        getMetadata().setNamespace(namespace);
        getMetadata().setName(name);
        setSpec(spec);
    }

    @Override
    protected ImageClassificationJobStatus initStatus() {
        return new ImageClassificationJobStatus();
    }
}
