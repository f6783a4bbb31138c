package dev.fovea.api.spec;

/** The parsed {@code imageShape} "num_channels,height,width". */
public record ImageShape(int channels, int height, int width) {

    /**
     * Parses "c,h,w" (spaces allowed) with c 1 or 3 and positive h and w.
     *
     * @throws IllegalArgumentException with a message that says what is allowed
     */
    public static ImageShape parse(String text) {
        String[] parts = text.split(",", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("must be \"num_channels,height,width\", e.g. \"3,224,224\"");
        }
        int[] values = new int[3];
        for (int i = 0; i < 3; i++) {
            try {
                values[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "must be three comma-separated integers " + "\"num_channels,height,width\", e.g. \"3,224,224\"",
                        e);
            }
        }
        if (values[0] != 1 && values[0] != 3) {
            throw new IllegalArgumentException("num_channels must be 1 (grayscale) or 3 (RGB)");
        }
        if (values[1] < 1 || values[2] < 1) {
            throw new IllegalArgumentException("height and width must be positive integers");
        }
        return new ImageShape(values[0], values[1], values[2]);
    }

    @Override
    public String toString() {
        return channels + "," + height + "," + width;
    }
}
