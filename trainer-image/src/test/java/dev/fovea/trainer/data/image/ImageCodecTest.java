package dev.fovea.trainer.data.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageCodecTest {

    private static Pixels orange() {
        Pixels image = Pixels.blank(5, 4, 3);
        for (int i = 0; i < image.data().length; i += 3) {
            image.data()[i] = (byte) 200;
            image.data()[i + 1] = 100;
            image.data()[i + 2] = 50;
        }
        return image;
    }

    @Test
    void rgbPngRoundTripsAndConvertsToGrayWithOpenCvWeights() throws Exception {
        byte[] png = ImageCodec.encodePng(orange());
        assertThat(ImageCodec.decode(png, 3).data()).isEqualTo(orange().data());
        Pixels gray = ImageCodec.decode(png, 1);
        assertThat(gray.channels()).isEqualTo(1);
        assertThat(gray.get(4, 3, 0)).isEqualTo(124); // 0.299*200 + 0.587*100 + 0.114*50
    }

    @Test
    void jpegDecodesToRgbInTheRightChannelOrder() throws Exception {
        BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                image.setRGB(x, y, 200 << 16 | 100 << 8 | 50);
            }
        }
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", jpeg);
        Pixels rgb = ImageCodec.decode(jpeg.toByteArray(), 3);
        assertThat((double) rgb.get(8, 8, 0)).isCloseTo(200, within(4.0));
        assertThat((double) rgb.get(8, 8, 1)).isCloseTo(100, within(4.0));
        assertThat((double) rgb.get(8, 8, 2)).isCloseTo(50, within(4.0));
    }

    @Test
    void garbageIsUndecodable() {
        assertThatThrownBy(() -> ImageCodec.decode(new byte[] {1, 2, 3}, 1))
                .isInstanceOf(UndecodableImageException.class)
                .hasMessageContaining("not a JPEG or PNG image");
    }

    @Test
    void resizeKeepsTheAspectRatioOfTheShorterSide() {
        Pixels wide = Resize.shorterSide(Pixels.blank(40, 20, 1), 10);
        assertThat(wide.width()).isEqualTo(20);
        assertThat(wide.height()).isEqualTo(10);
        Pixels covering = Resize.toCover(Pixels.blank(20, 10, 1), 16, 16);
        assertThat(covering.height()).isEqualTo(16);
        assertThat(covering.width()).isEqualTo(32);
    }

    @Test
    void anImageDeclaringMorePixelsThanTheLimitIsRefusedBeforeItsPixelsAreDecoded() throws Exception {
        Pixels small = ImageCodec.decode(DecompressionBomb.png(64, 48), 1);
        assertThat(small.width()).isEqualTo(64);
        assertThat(small.height()).isEqualTo(48);

        byte[] bomb = DecompressionBomb.png(14_000, 14_000); // 196 MB of grey pixels (588 MB as RGB) in under 1 MB
        assertThat(bomb.length).isLessThan(1 << 20);
        assertThatThrownBy(() -> ImageCodec.decode(bomb, 3))
                .isInstanceOf(UndecodableImageException.class)
                .hasMessageContaining("declares 14000x14000 = 196000000 pixels")
                .hasMessageContaining("more than the " + PixelLimit.WITHOUT_JOB + " allowed")
                .hasMessageContaining("not decoded");
    }

    @Test
    void aJobsPixelLimitIsSixteenTimesItsLargestSideSquaredNeverBelowTheFloorAndTheOverrideWins() {
        assertThat(PixelLimit.forJob(28, 28, 0, 0)).isEqualTo(8192L * 8192);
        assertThat(PixelLimit.forJob(224, 224, 4000, 0)).isEqualTo(16L * 4000 * 4000);
        assertThat(PixelLimit.forJob(3000, 2500, 0, 0)).isEqualTo(16L * 3000 * 3000);
        assertThat(PixelLimit.forJob(28, 28, 0, 700)).isEqualTo(700);
    }
}
