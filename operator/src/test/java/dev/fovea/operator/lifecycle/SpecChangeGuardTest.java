package dev.fovea.operator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fovea.api.spec.ChannelName;
import dev.fovea.api.spec.ContentType;
import dev.fovea.api.spec.HyperParameters;
import dev.fovea.api.spec.ImageClassificationJobSpec;
import dev.fovea.api.spec.InputChannel;
import dev.fovea.api.spec.ResourceConfig;
import dev.fovea.operator.dependent.TrainerJobDependent;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpecChangeGuardTest {

    @Test
    void namesTheSectionsThatChangedAndIgnoresLifecycleFields() {
        ImageClassificationJobSpec applied = spec(10, 2);
        Job running = jobBuiltFrom(applied);

        ImageClassificationJobSpec suspended = spec(10, 2);
        suspended.setSuspend(true);
        suspended.setBackoffLimit(7);
        assertThat(SpecChangeGuard.refusal(Optional.of(running), SpecChangeGuard.hash(suspended)))
                .isEmpty();

        Optional<String> refusal = SpecChangeGuard.refusal(Optional.of(running), SpecChangeGuard.hash(spec(12, 4)));
        assertThat(refusal)
                .hasValueSatisfying(message ->
                        assertThat(message).startsWith("spec.hyperParameters, spec.resourceConfig cannot change"));

        ImageClassificationJobSpec newData = spec(10, 2);
        newData.setInputDataConfig(List.of(new InputChannel(ChannelName.TRAIN, ContentType.RECORDIO)));
        assertThat(SpecChangeGuard.refusal(Optional.of(running), SpecChangeGuard.hash(newData)))
                .hasValueSatisfying(message -> assertThat(message).startsWith("spec.inputDataConfig cannot change"));
    }

    @Test
    void noJobYetMeansNothingToRefuse() {
        assertThat(SpecChangeGuard.refusal(Optional.empty(), SpecChangeGuard.hash(spec(10, 1))))
                .isEmpty();
    }

    private static Job jobBuiltFrom(ImageClassificationJobSpec spec) {
        return new JobBuilder()
                .withNewMetadata()
                .withAnnotations(Map.of(TrainerJobDependent.SPEC_HASH_ANNOTATION, SpecChangeGuard.hash(spec)))
                .endMetadata()
                .build();
    }

    private static ImageClassificationJobSpec spec(int classes, int hosts) {
        HyperParameters hyperParameters = new HyperParameters();
        hyperParameters.setNumClasses(classes);
        ResourceConfig resources = new ResourceConfig();
        resources.setInstanceCount(hosts);
        ImageClassificationJobSpec spec = new ImageClassificationJobSpec();
        spec.setHyperParameters(hyperParameters);
        spec.setResourceConfig(resources);
        return spec;
    }
}
