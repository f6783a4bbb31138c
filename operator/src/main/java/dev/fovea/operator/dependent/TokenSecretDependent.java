package dev.fovea.operator.dependent;

import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.ObjectNames;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * The Secret {@code <job>-token} with the token every exchange call must carry: 256 random bits, generated when the
 * Secret is created and never updated afterwards (this dependent is a {@link Creator} only), so a running gang's
 * token never changes under it.
 */
@KubernetesDependent(informer = @Informer(labelSelector = ObjectNames.MANAGED_BY_SELECTOR))
public class TokenSecretDependent extends KubernetesDependentResource<Secret, ImageClassificationJob>
        implements Creator<Secret, ImageClassificationJob>, GarbageCollected<ImageClassificationJob> {

    public static final String TOKEN_KEY = "token";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    protected Secret desired(ImageClassificationJob job, Context<ImageClassificationJob> context) {
        String name = job.getMetadata().getName();
        return new SecretBuilder()
                .withMetadata(OwnedMetadata.of(job, ObjectNames.tokenSecret(name)))
                .withType("Opaque")
                .withData(Map.of(
                        TOKEN_KEY, Base64.getEncoder().encodeToString(newToken().getBytes(StandardCharsets.US_ASCII))))
                .build();
    }

    static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
