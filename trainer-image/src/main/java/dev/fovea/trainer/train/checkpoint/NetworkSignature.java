package dev.fovea.trainer.train.checkpoint;

import dev.fovea.api.hyperparameters.ResolvedHyperParameters;
import dev.fovea.trainer.model.NetworkFamily;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a checkpoint's files only fit: the network (its family and shape: classes, layers, image shape, multi-label
 * output), the precision its parameters are stored in, the optimizer whose state it holds, and where that state lives (on each
 * host, or on dist_async's shard servers). A checkpoint is written with its job's signature and resumed only by a job
 * with the same one: anything else would load parameters into the wrong layers or continue with another optimizer's
 * state.
 *
 * @param values by hyperparameter name (camelCase, as in the manifest)
 */
public record NetworkSignature(SortedMap<String, String> values) {

    /** No signature: loop-level tests that build their own network. */
    public static final NetworkSignature NONE = new NetworkSignature(new TreeMap<>());

    public NetworkSignature {
        values = new TreeMap<>(values);
    }

    /**
     * The signature of a job.
     *
     * @param family the network the job trains (SageMaker's, or the torchvision-style one a torchvision start uses)
     * @param shardServerState whether the optimizer state lives on dist_async's shard servers (dist_async with
     *     several hosts) rather than on each host
     */
    public static NetworkSignature of(ResolvedHyperParameters hp, NetworkFamily family, boolean shardServerState) {
        SortedMap<String, String> values = new TreeMap<>();
        values.put("network", family.id());
        values.put("numClasses", Integer.toString(hp.numClasses()));
        values.put("numLayers", Integer.toString(hp.numLayers()));
        values.put("imageShape", hp.imageShape().toString());
        values.put("multiLabel", Boolean.toString(hp.multiLabel()));
        values.put("precisionDtype", hp.precisionDtype().sageMakerName());
        values.put("optimizer", hp.optimizer().sageMakerName());
        values.put("optimizerState", shardServerState ? "dist_async shard servers" : "each host");
        return new NetworkSignature(values);
    }

    /**
     * Why a checkpoint written with {@code written} does not fit this job, or {@code null} when it does: the first
     * value that differs, e.g. "it was written for numClasses 10; this job has numClasses 12".
     */
    public String mismatch(Map<String, String> written) {
        for (Map.Entry<String, String> mine : values.entrySet()) {
            String theirs = written == null ? null : written.get(mine.getKey());
            if (theirs == null) {
                return "it does not say which " + mine.getKey() + " it was written for; this job has " + mine.getKey()
                        + " " + mine.getValue();
            }
            if (!theirs.equals(mine.getValue())) {
                return "it was written for " + mine.getKey() + " " + theirs + "; this job has " + mine.getKey() + " "
                        + mine.getValue();
            }
        }
        return null;
    }
}
