package dev.fovea.trainer.data.pipeline;

/**
 * One record as a source delivers it, before decoding.
 *
 * @param labels the record's label, or its label vector for multi-label data
 * @param bytes the encoded JPEG/PNG
 * @param origin where it came from, for messages: file and record index/offset, or {@code .lst} file and line
 */
public record EncodedImage(float[] labels, byte[] bytes, String origin) {}
