package dev.fovea.trainer.data.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fovea.api.spec.AugmentationType;
import dev.fovea.trainer.data.image.Pixels;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The random draws of each augmentation level, over many images: ranges, rates and spread, not one run's pixels. */
class AugmentationStatisticsTest {

    private static final int DRAWS = 4000;

    /** A 12×10 gray ramp: every column has its own value, so crops and flips can be read off the result. */
    private static Pixels ramp() {
        Pixels image = Pixels.blank(12, 10, 1);
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 12; x++) {
                image.set(x, y, 0, 10 * x + y);
            }
        }
        return image;
    }

    @Test
    void cropLevelMirrorsHalfTheImagesAndCropsAtEveryPosition() {
        AugmenterChain crop = AugmenterChain.of(AugmentationType.CROP, true, 0, 8, 8);
        SplittableRandom random = new SplittableRandom(11);
        int flipped = 0;
        int[] leftColumnValues = new int[5];
        for (int i = 0; i < DRAWS; i++) {
            Pixels out = crop.apply(ramp(), random);
            assertThat(out.width()).isEqualTo(8);
            boolean mirrored = out.get(0, 0, 0) > out.get(7, 0, 0);
            flipped += mirrored ? 1 : 0;
            int left = mirrored ? out.get(7, 0, 0) : out.get(0, 0, 0);
            leftColumnValues[left / 10 - left % 10 / 10]++;
        }
        assertThat(flipped / (double) DRAWS).isCloseTo(0.5, within(0.03));
        for (int offset = 0; offset < 5; offset++) {
            assertThat(leftColumnValues[offset] / (double) DRAWS).isCloseTo(0.2, within(0.03));
        }
    }

    @Test
    void hlsOffsetsAreUniformIntegersInSageMakersRanges() {
        HlsJitter jitter = HlsJitter.sageMaker();
        SplittableRandom random = new SplittableRandom(3);
        int[] hueCounts = new int[73];
        double saturationSum = 0;
        int lightnessMin = 0;
        int lightnessMax = 0;
        int n = 73 * 200;
        for (int i = 0; i < n; i++) {
            HlsJitter.Offsets offsets = jitter.sample(random);
            assertThat(offsets.hue()).isBetween(-36, 36);
            assertThat(offsets.saturation()).isBetween(-50, 50);
            assertThat(offsets.lightness()).isBetween(-50, 50);
            hueCounts[offsets.hue() + 36]++;
            saturationSum += offsets.saturation();
            lightnessMin = Math.min(lightnessMin, offsets.lightness());
            lightnessMax = Math.max(lightnessMax, offsets.lightness());
        }
        for (int count : hueCounts) {
            assertThat(count).isBetween(140, 260);
        }
        assertThat(saturationSum / n).isCloseTo(0, within(1.0));
        assertThat(lightnessMin).isEqualTo(-50);
        assertThat(lightnessMax).isEqualTo(50);
    }

    @Test
    void affineParametersStayInSageMakersBoundsAndFillThem() {
        RandomAffine affine = RandomAffine.sageMaker();
        SplittableRandom random = new SplittableRandom(5);
        double shearMin = 1;
        double shearMax = -1;
        double aspectMin = 2;
        double aspectMax = 0;
        int[] angles = new int[21];
        for (int i = 0; i < DRAWS; i++) {
            RandomAffine.Params p = affine.sample(random);
            assertThat(p.angleDegrees()).isBetween(-10, 10);
            assertThat(p.shear()).isBetween(-0.1, 0.1);
            assertThat(p.aspectRatio()).isBetween(0.75, 1.25);
            angles[p.angleDegrees() + 10]++;
            shearMin = Math.min(shearMin, p.shear());
            shearMax = Math.max(shearMax, p.shear());
            aspectMin = Math.min(aspectMin, p.aspectRatio());
            aspectMax = Math.max(aspectMax, p.aspectRatio());
        }
        for (int count : angles) {
            assertThat(count).isBetween(120, 270);
        }
        assertThat(shearMin).isLessThan(-0.095);
        assertThat(shearMax).isGreaterThan(0.095);
        assertThat(aspectMin).isLessThan(0.76);
        assertThat(aspectMax).isGreaterThan(1.24);
    }

    @Test
    void validationAndNoAugmentationSeeTheWholeImageResizedThenCentreCropped() {
        Pixels image = ramp();
        for (AugmenterChain chain : new AugmenterChain[] {
            AugmenterChain.of(AugmentationType.CROP_COLOR_TRANSFORM, false, 0, 8, 8),
            AugmenterChain.of(null, true, 0, 8, 8)
        }) {
            assertThat(chain.steps()).containsExactly(new ResizeShorterSide(8), new CenterCrop(8, 8));
            Pixels out = chain.apply(image, new SplittableRandom(1));
            // 12x10 -> 10x8, then the centred 8x8: columns 1.3 to 9.7 and rows 0.1 to 8.9 of the original (pixel
            // value 10x + y), where the bare centre crop saw columns 2 to 9 and rows 1 to 8 only
            assertThat(out.get(0, 0, 0)).isEqualTo(13);
            assertThat(out.get(7, 7, 0)).isEqualTo(106);
        }
        assertThat(AugmenterChain.of(AugmentationType.CROP_COLOR_TRANSFORM, true, 32, 8, 8)
                        .steps())
                .hasExactlyElementsOfTypes(
                        ResizeShorterSide.class,
                        RandomAffine.class,
                        RandomCrop.class,
                        HlsJitter.class,
                        RandomMirror.class);
    }
}
