package dev.fovea.api.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How training images are augmented (SageMaker's {@code augmentation_type}): {@code crop} crops randomly and flips
 * horizontally; {@code crop_color} also shifts hue, saturation and lightness; {@code crop_color_transform} also
 * rotates, shears and changes the aspect ratio.
 */
public enum AugmentationType implements SageMakerValue {
    @JsonProperty("crop")
    CROP,
    @JsonProperty("crop_color")
    CROP_COLOR,
    @JsonProperty("crop_color_transform")
    CROP_COLOR_TRANSFORM
}
