package dev.fovea.cli.importer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.hyperparameters.HyperParameterDefaults;
import dev.fovea.api.hyperparameters.InvalidHyperParametersException;
import dev.fovea.api.hyperparameters.SageMakerForm;
import dev.fovea.api.spec.ChannelName;
import dev.fovea.api.spec.HyperParameters;
import dev.fovea.api.spec.ImageClassificationJobSpec;
import dev.fovea.api.spec.InputChannel;
import dev.fovea.api.spec.ResourceConfig;
import dev.fovea.api.spec.StoppingCondition;
import dev.fovea.api.spec.Violation;
import dev.fovea.api.validation.JobValidator;
import dev.fovea.cli.importer.CreateTrainingJobRequest.AlgorithmSpecification;
import dev.fovea.trainer.ClientError;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns a SageMaker CreateTrainingJob request for the built-in Image Classification algorithm into an
 * ImageClassificationJob with the same meaning (hyperparameters such as {@code mini_batch_size}, per host as on
 * SageMaker, are copied as they are). The mapping, field by field, is documented in
 * {@code docs/migrating-from-sagemaker.md}; a request that maps to a job Fovea's rules refuse is a {@link ClientError}
 * listing the rules.
 */
public final class SageMakerImporter {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final String ALGORITHM = "image-classification";

    private final ImportOptions options;

    public SageMakerImporter(ImportOptions options) {
        this.options = options;
    }

    /** Reads the request JSON (as passed to {@code aws sagemaker create-training-job --cli-input-json}). */
    public ImportResult importRequest(InputStream json) {
        try {
            return importRequest(JSON.readValue(json, CreateTrainingJobRequest.class));
        } catch (JsonProcessingException e) {
            throw new ClientError("The request is not a CreateTrainingJob JSON document: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ImportResult importRequest(CreateTrainingJobRequest request) {
        List<String> notes = new ArrayList<>();
        checkAlgorithm(request.algorithmSpecification, notes);
        DataLocations locations = new DataLocations(options, notes);

        ImageClassificationJobSpec spec = new ImageClassificationJobSpec();
        spec.setHyperParameters(hyperParameters(request.hyperParameters));
        spec.setInputDataConfig(locations.channels(request.inputDataConfig));
        addPretrainedWeights(spec, notes);
        spec.setOutputDataConfig(locations.output(request.outputDataConfig));
        spec.setCheckpointConfig(locations.checkpoints(request.checkpointConfig));
        spec.setResourceConfig(resources(request.resourceConfig, notes));
        spec.setStoppingCondition(stopping(request.stoppingCondition, notes));
        if (request.retryStrategy != null && request.retryStrategy.maximumRetryAttempts() != null) {
            spec.setBackoffLimit(request.retryStrategy.maximumRetryAttempts());
        }
        UnmappedFields.describe(request.otherFields(), notes);

        String name = options.name() != null
                ? JobNames.checked(options.name())
                : JobNames.fromTrainingJobName(request.trainingJobName);
        ImageClassificationJob job = new ImageClassificationJob(options.namespace(), name, spec);
        job.setStatus(null);
        List<Violation> violations = JobValidator.validate(job);
        if (!violations.isEmpty()) {
            throw new ClientError("the request converts to a job Fovea cannot run: "
                    + violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        }
        return new ImportResult(job, notes);
    }

    /**
     * SageMaker's use_pretrained_model=1 without a model channel starts from its ImageNet weights for num_layers:
     * Fovea's come from the cluster's pretrained catalogue.
     */
    private void addPretrainedWeights(ImageClassificationJobSpec spec, List<String> notes) {
        HyperParameters hp = HyperParameterDefaults.applyTo(spec.getHyperParameters());
        if (hp.getUsePretrainedModel() != 1 || spec.channel(ChannelName.MODEL) != null) {
            return;
        }
        int numLayers = hp.getNumLayers();
        if (options.pretrainedCatalogue() == null) {
            throw new ClientError("use_pretrained_model is 1 without a model channel: SageMaker starts from its "
                    + "ImageNet-pretrained ResNet-" + numLayers + ", which Fovea takes from the cluster's pretrained "
                    + "catalogue; pass --pretrained-catalogue s3://bucket/prefix/ or pvc://claim/path (it must hold "
                    + PretrainedCatalogue.folder(numLayers) + "/, see docs/pretrained-catalogue.md), or add a model "
                    + "channel to the request");
        }
        InputChannel model =
                options.pretrainedCatalogue().modelChannel(numLayers, options.s3SecretRef(), options.s3Region());
        List<InputChannel> channels = new ArrayList<>(spec.getInputDataConfig());
        channels.add(model);
        spec.setInputDataConfig(channels);
        notes.add("use_pretrained_model 1: the model channel reads ResNet-" + numLayers + "'s pretrained weights "
                + "from the catalogue's " + PretrainedCatalogue.folder(numLayers) + "/ in "
                + options.pretrainedCatalogue().location());
    }

    private static void checkAlgorithm(AlgorithmSpecification algorithm, List<String> notes) {
        if (algorithm == null) {
            throw new ClientError("AlgorithmSpecification is missing; Fovea imports requests for SageMaker's "
                    + "built-in Image Classification algorithm (TrainingImage .../image-classification:1)");
        }
        boolean imageClassification =
                contains(algorithm.trainingImage(), ALGORITHM) || contains(algorithm.algorithmName(), ALGORITHM);
        if (!imageClassification) {
            throw new ClientError("AlgorithmSpecification.TrainingImage '" + algorithm.trainingImage()
                    + "' is not SageMaker's Image Classification algorithm (an image-classification image); "
                    + "Fovea runs only that algorithm");
        }
        if (algorithm.trainingInputMode() != null && !"File".equals(algorithm.trainingInputMode())) {
            notes.add("AlgorithmSpecification.TrainingInputMode " + algorithm.trainingInputMode()
                    + ": Fovea always copies channels to files (File mode)");
        }
        if (algorithm.metricDefinitions() != null) {
            notes.add("AlgorithmSpecification.MetricDefinitions are not needed: the trainers export Prometheus "
                    + "metrics and still log SageMaker's metric lines");
        }
    }

    private static HyperParameters hyperParameters(Map<String, String> sageMaker) {
        if (sageMaker == null || sageMaker.isEmpty()) {
            throw new ClientError("HyperParameters is missing; num_classes and num_training_samples are required");
        }
        try {
            return SageMakerForm.parse(sageMaker);
        } catch (InvalidHyperParametersException e) {
            throw new ClientError("HyperParameters: " + e.getMessage(), e);
        }
    }

    private static ResourceConfig resources(CreateTrainingJobRequest.ResourceConfig request, List<String> notes) {
        if (request == null) {
            throw new ClientError("ResourceConfig is missing; it needs InstanceType and InstanceCount");
        }
        if (request.instanceGroups() != null) {
            throw new ClientError("ResourceConfig.InstanceGroups (heterogeneous clusters) is not supported: every "
                    + "Fovea host is alike; use InstanceType and InstanceCount");
        }
        if (request.instanceType() == null) {
            throw new ClientError("ResourceConfig.InstanceType is missing; e.g. ml.p3.2xlarge");
        }
        ResourceConfig resources = new ResourceConfig();
        resources.setInstanceCount(request.instanceCount());
        resources.setGpusPerHost(InstanceTypes.gpusPerHost(request.instanceType()));
        if (request.volumeSizeInGb() != null) {
            notes.add("ResourceConfig.VolumeSizeInGB " + request.volumeSizeInGb() + " is not carried over: channels "
                    + "are copied to an emptyDir; make sure the nodes have that much ephemeral storage");
        }
        if (request.volumeKmsKeyId() != null || request.keepAlivePeriodInSeconds() != null) {
            notes.add("ResourceConfig.VolumeKmsKeyId and KeepAlivePeriodInSeconds are not carried over");
        }
        return resources;
    }

    private static StoppingCondition stopping(CreateTrainingJobRequest.StoppingCondition request, List<String> notes) {
        if (request == null) {
            return null;
        }
        if (request.maxWaitTimeInSeconds() != null || request.maxPendingTimeInSeconds() != null) {
            notes.add("StoppingCondition.MaxWaitTimeInSeconds and MaxPendingTimeInSeconds are not carried over: "
                    + "queue the job with Kueue to bound waiting (see examples/kueue)");
        }
        return request.maxRuntimeInSeconds() == null ? null : new StoppingCondition(request.maxRuntimeInSeconds());
    }

    private static boolean contains(String value, String part) {
        return value != null && value.contains(part);
    }
}
