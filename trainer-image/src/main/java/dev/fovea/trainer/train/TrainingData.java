package dev.fovea.trainer.train;

import ai.djl.training.dataset.Dataset;
import java.util.function.IntConsumer;

/**
 * The datasets one host trains and validates on.
 *
 * @param train this host's shard of the training channel
 * @param validation the validation channel, or {@code null} when the job has none
 * @param startEpoch told the epoch number before each training pass, so the dataset can derive that epoch's data
 *     order from its seed (which makes a resumed run see the same order as an uninterrupted one)
 */
public record TrainingData(Dataset train, Dataset validation, IntConsumer startEpoch) {}
