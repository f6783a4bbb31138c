package dev.fovea.cli.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.spec.ChannelName;
import dev.fovea.api.spec.ContentType;
import dev.fovea.api.spec.InputChannel;
import dev.fovea.api.spec.LabelFormat;
import dev.fovea.api.validation.JobValidator;
import dev.fovea.trainer.ClientError;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The importer round-trips AWS's documented CreateTrainingJob example for image classification (Caltech-256). */
class SageMakerImporterTest {

    private static final YAMLMapper YAML = new YAMLMapper();

    private final SageMakerImporter importer =
            new SageMakerImporter(new ImportOptions(null, "team-vision", "sagemaker-s3", "us-east-1", null));

    @Test
    void importsTheDocumentedExampleIntoTheExpectedManifest() throws IOException {
        ImportResult result = importer.importRequest(resource("create-training-job.json"));

        JsonNode actual = YAML.readTree(ManifestYaml.write(result));
        JsonNode expected = YAML.readTree(resource("create-training-job.expected.yaml"));

        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void theImportedManifestPassesTheJobValidator() throws IOException {
        ImageClassificationJob job =
                importer.importRequest(resource("create-training-job.json")).job();

        assertThat(JobValidator.validate(job.getSpec())).isEmpty();
        assertThat(job.getSpec().getHyperParameters().getNumClasses()).isEqualTo(257);
        assertThat(job.getSpec().getResourceConfig().getGpusPerHost()).isEqualTo(1);
        assertThat(job.getSpec().getStoppingCondition().getMaxRuntimeSeconds()).isEqualTo(360_000L);
    }

    @Test
    void listsWhatItCouldNotCarryOver() throws IOException {
        ImportResult result = importer.importRequest(resource("create-training-job.json"));

        assertThat(result.notes())
                .anySatisfy(note -> assertThat(note).startsWith("ResourceConfig.VolumeSizeInGB 50"))
                .anySatisfy(note -> assertThat(note)
                        .startsWith("RoleArn is not carried over")
                        .contains("IRSA"))
                .hasSize(2);
    }

    @Test
    void mapsCheckpointsRetriesAndMultiGpuInstances() {
        ImageClassificationJob job = importer.importRequest(json("""
                {"TrainingJobName": "resnet50",
                 "AlgorithmSpecification": {"TrainingImage": "image-classification:1"},
                 "HyperParameters": {"num_classes": "10", "num_training_samples": "5000", "num_layers": "50",
                                     "image_shape": "3,32,32", "kv_store": "dist_sync"},
                 "InputDataConfig": [{"ChannelName": "train", "ContentType": "application/x-recordio",
                     "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://data/train/"}}}],
                 "CheckpointConfig": {"S3Uri": "s3://data/checkpoints/", "LocalPath": "/opt/ml/checkpoints"},
                 "ResourceConfig": {"InstanceType": "ml.p3.8xlarge", "InstanceCount": 2},
                 "RetryStrategy": {"MaximumRetryAttempts": 5}}
                """)).job();

        assertThat(job.getSpec().getResourceConfig().getGpusPerHost()).isEqualTo(4);
        assertThat(job.getSpec().getResourceConfig().getInstanceCount()).isEqualTo(2);
        assertThat(job.getSpec().getCheckpointConfig().getS3().getUri()).isEqualTo("s3://data/checkpoints/");
        assertThat(job.getSpec().getCheckpointConfig().getS3().getSecretRef()).isEqualTo("sagemaker-s3");
        assertThat(job.getSpec().getBackoffLimit()).isEqualTo(5);
        assertThat(JobValidator.validate(job.getSpec())).isEmpty();
    }

    @Test
    void aTwoInstanceJobKeepsMiniBatchSizePerHostWithoutANote() {
        ImportResult result = importer.importRequest(json("""
                {"TrainingJobName": "two-hosts",
                 "AlgorithmSpecification": {"TrainingImage": "image-classification:1"},
                 "HyperParameters": {"num_classes": "10", "num_training_samples": "5000", "num_layers": "18",
                                     "mini_batch_size": "10", "kv_store": "dist_sync"},
                 "InputDataConfig": [{"ChannelName": "train", "ContentType": "application/x-recordio",
                     "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://data/train/",
                                                     "S3DataDistributionType": "ShardedByS3Key"}}}],
                 "ResourceConfig": {"InstanceType": "ml.p3.2xlarge", "InstanceCount": 3}}
                """));

        assertThat(result.job().getSpec().getHyperParameters().getMiniBatchSize())
                .as("per host, as on SageMaker: the gang trains 3 x 10 images per step")
                .isEqualTo(10);
        assertThat(result.job().getSpec().getResourceConfig().getInstanceCount())
                .isEqualTo(3);
        assertThat(result.job().getSpec().channel(ChannelName.TRAIN).getS3().sharded())
                .isTrue();
        assertThat(result.notes()).noneSatisfy(note -> assertThat(note).containsIgnoringCase("batch"));
        assertThat(result.notes()).noneSatisfy(note -> assertThat(note).contains("ShardedByS3Key"));
    }

    @Test
    void importsAugmentedManifestsWithTheirAttributesAndLabelFormat() {
        ImageClassificationJob job = importer.importRequest(json("""
                {"TrainingJobName": "ground-truth",
                 "AlgorithmSpecification": {"TrainingImage": "image-classification:1"},
                 "HyperParameters": {"num_classes": "3", "num_training_samples": "500", "num_layers": "18",
                                     "multi_label": "1", "use_weighted_loss": "1"},
                 "InputDataConfig": [{"ChannelName": "train",
                     "ContentType": "application/x-recordio; label-format=class-id",
                     "RecordWrapperType": "RecordIO",
                     "DataSource": {"S3DataSource": {"S3DataType": "AugmentedManifestFile",
                         "S3Uri": "s3://data/train.manifest", "AttributeNames": ["source-ref", "labels"]}}},
                   {"ChannelName": "validation", "ContentType": "image/jpeg",
                     "DataSource": {"S3DataSource": {"S3DataType": "AugmentedManifestFile",
                         "S3Uri": "s3://data/validation.manifest", "AttributeNames": ["source-ref", "labels"]}}}],
                 "ResourceConfig": {"InstanceType": "ml.p3.2xlarge", "InstanceCount": 1}}
                """)).job();

        InputChannel train = job.getSpec().channel(ChannelName.TRAIN);
        assertThat(train.augmentedManifest()).isTrue();
        assertThat(train.getAttributeNames()).containsExactly("source-ref", "labels");
        assertThat(train.getLabelFormat()).isEqualTo(LabelFormat.CLASS_ID);
        assertThat(job.getSpec().channel(ChannelName.VALIDATION).getContentType())
                .isEqualTo(ContentType.IMAGE_JPEG);
        assertThat(JobValidator.validate(job.getSpec())).isEmpty();
    }

    @Test
    void refusesOtherAlgorithmsNamingTheImage() {
        assertThatThrownBy(() -> importer.importRequest(json("""
                {"TrainingJobName": "xgb", "AlgorithmSpecification": {"TrainingImage": "xgboost:1"}}
                """)))
                .isInstanceOf(ClientError.class)
                .hasMessageContaining("AlgorithmSpecification.TrainingImage 'xgboost:1'");
    }

    @Test
    void reportsBadHyperparametersByTheirSageMakerName() {
        assertThatThrownBy(() -> importer.importRequest(json("""
                {"TrainingJobName": "bad", "AlgorithmSpecification": {"TrainingImage": "image-classification:1"},
                 "HyperParameters": {"num_classes": "10", "num_training_samples": "5000", "num_layers": "seven"},
                 "ResourceConfig": {"InstanceType": "ml.p3.2xlarge", "InstanceCount": 1}}
                """)))
                .isInstanceOf(ClientError.class)
                .hasMessageStartingWith("HyperParameters: ")
                .hasMessageContaining("num_layers");
    }

    @Test
    void refusesUnknownInstanceTypesListingTheKnownOnes() {
        assertThatThrownBy(() -> InstanceTypes.gpusPerHost("ml.x9.mega"))
                .isInstanceOf(ClientError.class)
                .hasMessageContaining("'ml.x9.mega'")
                .hasMessageContaining("ml.g5.48xlarge");
        assertThat(InstanceTypes.gpusPerHost("ml.m5.xlarge")).isZero();
        assertThat(InstanceTypes.gpusPerHost("ml.p4d.24xlarge")).isEqualTo(8);
        assertThat(InstanceTypes.gpusPerHost("ml.g4dn.12xlarge")).isEqualTo(4);
    }

    @Test
    void turnsTrainingJobNamesIntoObjectNames() {
        assertThat(JobNames.fromTrainingJobName("DEMO_ImageClassification.v2"))
                .isEqualTo("demo-imageclassification-v2");
        assertThat(JobNames.fromTrainingJobName("a".repeat(80))).hasSize(JobNames.MAX_LENGTH);
        assertThat(JobNames.checked("caltech-256")).isEqualTo("caltech-256");
        assertThatThrownBy(() -> JobNames.checked("Caltech_256"))
                .isInstanceOf(ClientError.class)
                .hasMessageContaining("--name 'Caltech_256'");
    }

    /** AWS's transfer-learning example (ResNet-18 from ImageNet weights, Caltech-256) and the cluster's catalogue. */
    @Test
    void aTransferLearningRequestReadsTheWeightsOfItsDepthFromThePretrainedCatalogue() {
        SageMakerImporter withCatalogue = new SageMakerImporter(new ImportOptions(
                null, null, "sagemaker-s3", "us-east-1", new PretrainedCatalogue("s3://models/imagenet")));

        ImportResult result = withCatalogue.importRequest(resource("transfer-learning.json"));

        InputChannel model = result.job().getSpec().channel(ChannelName.MODEL);
        assertThat(model.getContentType()).isEqualTo(ContentType.SAGEMAKER_MODEL);
        assertThat(model.getS3().getUri()).isEqualTo("s3://models/imagenet/resnet-18/");
        assertThat(model.getS3().getSecretRef()).isEqualTo("sagemaker-s3");
        assertThat(JobValidator.validate(result.job().getSpec())).isEmpty();
        assertThat(result.notes()).anySatisfy(note -> assertThat(note).contains("resnet-18/ in s3://models/imagenet"));
    }

    @Test
    void aCatalogueOnAVolumeIsAFolderOfTheClaim() {
        SageMakerImporter withCatalogue = new SageMakerImporter(
                new ImportOptions(null, null, null, null, new PretrainedCatalogue("pvc://pretrained/imagenet")));

        InputChannel model = withCatalogue
                .importRequest(resource("transfer-learning.json"))
                .job()
                .getSpec()
                .channel(ChannelName.MODEL);

        assertThat(model.getPersistentVolumeClaim().getClaimName()).isEqualTo("pretrained");
        assertThat(model.getPersistentVolumeClaim().getSubPath()).isEqualTo("imagenet/resnet-18");
    }

    @Test
    void withoutACatalogueTheErrorSaysHowToProvideOne() {
        assertThatThrownBy(() -> importer.importRequest(resource("transfer-learning.json")))
                .isInstanceOf(ClientError.class)
                .hasMessageContaining("ImageNet-pretrained ResNet-18")
                .hasMessageContaining("--pretrained-catalogue")
                .hasMessageContaining("resnet-18/");
        assertThatThrownBy(() -> new PretrainedCatalogue("models/imagenet"))
                .isInstanceOf(ClientError.class)
                .hasMessageContaining("neither s3://bucket/prefix/ nor pvc://claim/sub/path");
    }

    private static InputStream resource(String name) {
        return SageMakerImporterTest.class.getResourceAsStream("/importer/" + name);
    }

    private static InputStream json(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
