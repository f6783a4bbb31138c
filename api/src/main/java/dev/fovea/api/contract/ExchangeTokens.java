package dev.fovea.api.contract;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The job's exchange token, which every gradient exchange call carries ({@link ContainerEnvironment#EXCHANGE_TOKEN}):
 * 256 random bits in hex. The operator keeps one in the job's Secret; local mode makes one per run.
 */
public final class ExchangeTokens {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int BYTES = 32;

    private ExchangeTokens() {}

    /** A fresh token. */
    public static String newToken() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
