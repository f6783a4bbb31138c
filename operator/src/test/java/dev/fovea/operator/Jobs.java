package dev.fovea.operator;

import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.spec.ChannelName;
import dev.fovea.api.spec.ContentType;
import dev.fovea.api.spec.HyperParameters;
import dev.fovea.api.spec.ImageClassificationJobSpec;
import dev.fovea.api.spec.InputChannel;
import dev.fovea.api.spec.PersistentVolumeClaimSource;
import dev.fovea.api.spec.ResourceConfig;
import java.util.List;

/** Small valid jobs for the tests. */
public final class Jobs {

    public static final String NAMESPACE = "test";

    private Jobs() {}

    public static ImageClassificationJob valid(String name, int hosts) {
        HyperParameters hyperParameters = new HyperParameters();
        hyperParameters.setNumClasses(10);
        hyperParameters.setNumTrainingSamples(1000);
        hyperParameters.setEpochs(4);
        InputChannel train = new InputChannel(ChannelName.TRAIN, ContentType.RECORDIO);
        train.setPersistentVolumeClaim(new PersistentVolumeClaimSource("datasets", "mnist/train"));
        ImageClassificationJobSpec spec = new ImageClassificationJobSpec();
        spec.setHyperParameters(hyperParameters);
        spec.setInputDataConfig(List.of(train));
        ResourceConfig resources = new ResourceConfig();
        resources.setInstanceCount(hosts);
        resources.setGpusPerHost(1);
        spec.setResourceConfig(resources);
        spec.setBackoffLimit(1);
        return new ImageClassificationJob(NAMESPACE, name, spec);
    }
}
