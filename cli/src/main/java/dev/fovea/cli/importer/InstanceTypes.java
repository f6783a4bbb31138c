package dev.fovea.cli.importer;

import dev.fovea.trainer.ClientError;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * GPUs per host of the SageMaker instance types the Image Classification algorithm trains on, so that
 * {@code ResourceConfig.InstanceType} becomes {@code spec.resourceConfig.gpusPerHost}. The same table is in
 * {@code docs/migrating-from-sagemaker.md}. CPU-only families map to 0 GPUs.
 */
final class InstanceTypes {

    private static final Map<String, Integer> GPUS = new TreeMap<>(Map.ofEntries(
            Map.entry("ml.p2.xlarge", 1),
            Map.entry("ml.p2.8xlarge", 8),
            Map.entry("ml.p2.16xlarge", 16),
            Map.entry("ml.p3.2xlarge", 1),
            Map.entry("ml.p3.8xlarge", 4),
            Map.entry("ml.p3.16xlarge", 8),
            Map.entry("ml.p3dn.24xlarge", 8),
            Map.entry("ml.p4d.24xlarge", 8),
            Map.entry("ml.p4de.24xlarge", 8),
            Map.entry("ml.g4dn.xlarge", 1),
            Map.entry("ml.g4dn.2xlarge", 1),
            Map.entry("ml.g4dn.4xlarge", 1),
            Map.entry("ml.g4dn.8xlarge", 1),
            Map.entry("ml.g4dn.12xlarge", 4),
            Map.entry("ml.g4dn.16xlarge", 1),
            Map.entry("ml.g5.xlarge", 1),
            Map.entry("ml.g5.2xlarge", 1),
            Map.entry("ml.g5.4xlarge", 1),
            Map.entry("ml.g5.8xlarge", 1),
            Map.entry("ml.g5.12xlarge", 4),
            Map.entry("ml.g5.16xlarge", 1),
            Map.entry("ml.g5.24xlarge", 4),
            Map.entry("ml.g5.48xlarge", 8)));

    /** General purpose and compute families: no GPU. */
    private static final Set<String> CPU_FAMILIES = Set.of("ml.m4", "ml.m5", "ml.m6i", "ml.c4", "ml.c5", "ml.c6i");

    private InstanceTypes() {}

    /** GPUs per host of {@code instanceType}, e.g. 4 for {@code ml.p3.8xlarge}. */
    static int gpusPerHost(String instanceType) {
        Integer gpus = GPUS.get(instanceType);
        if (gpus != null) {
            return gpus;
        }
        int sizeDot = instanceType.lastIndexOf('.');
        if (sizeDot > 0 && CPU_FAMILIES.contains(instanceType.substring(0, sizeDot))) {
            return 0;
        }
        throw new ClientError("ResourceConfig.InstanceType '" + instanceType + "' is not in the importer's table; "
                + "known GPU types: " + String.join(", ", GPUS.keySet()) + "; CPU families: "
                + String.join(", ", new TreeSet<>(CPU_FAMILIES)) + ". Set "
                + "spec.resourceConfig.gpusPerHost in the manifest yourself.");
    }
}
