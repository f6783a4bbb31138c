package dev.fovea.api;

import dev.fovea.api.spec.ImageClassificationEndpointSpec;
import dev.fovea.api.status.ImageClassificationEndpointStatus;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A served model: the image's {@code serve} command behind a Service, run by Fovea as a Deployment (with a
 * PodDisruptionBudget and optionally a HorizontalPodAutoscaler). The model comes from a finished
 * {@link ImageClassificationJob}, from S3 or from a PersistentVolumeClaim.
 */
@Group(ImageClassificationJob.GROUP)
@Version(ImageClassificationJob.VERSION)
@Kind(ImageClassificationEndpoint.KIND)
@Plural(ImageClassificationEndpoint.PLURAL)
@ShortNames(ImageClassificationEndpoint.SHORT_NAME)
@AdditionalPrinterColumn(name = "Replicas", jsonPath = ".status.replicas", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
        name = "Ready",
        jsonPath = ".status.readyReplicas",
        type = AdditionalPrinterColumn.Type.INTEGER)
// the model's URI names it whatever its source; the job (fromJob only) with -o wide
@AdditionalPrinterColumn(name = "Model", jsonPath = ".status.model.uri", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Job",
        jsonPath = ".status.model.jobName",
        type = AdditionalPrinterColumn.Type.STRING,
        priority = 1)
@AdditionalPrinterColumn(
        name = "Val-Accuracy",
        jsonPath = ".status.model.validationAccuracy",
        type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class ImageClassificationEndpoint
        extends CustomResource<ImageClassificationEndpointSpec, ImageClassificationEndpointStatus>
        implements Namespaced {

    public static final String KIND = "ImageClassificationEndpoint";
    public static final String PLURAL = "imageclassificationendpoints";
    public static final String SHORT_NAME = "ice";
    /** The CRD's name, also its file name under {@code crds/}. */
    public static final String CRD_NAME = PLURAL + "." + ImageClassificationJob.GROUP;

    public ImageClassificationEndpoint() {}

    public ImageClassificationEndpoint(String namespace, String name, ImageClassificationEndpointSpec spec) {
        getMetadata().setNamespace(namespace);
        getMetadata().setName(name);
        setSpec(spec);
    }

    @Override
    protected ImageClassificationEndpointStatus initStatus() {
        return new ImageClassificationEndpointStatus();
    }
}
