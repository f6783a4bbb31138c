package dev.fovea.operator.dependent;

import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.ObjectNames;
import dev.fovea.api.contract.ExchangeTokens;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * The Secret {@code <job>-token} with the token every exchange call must carry ({@link ExchangeTokens}), generated when
 * the Secret is created and never updated afterwards (this dependent is a {@link Creator} only), so a running gang's
 * token never changes under it.
 */
@KubernetesDependent(informer = @Informer(labelSelector = ObjectNames.MANAGED_BY_SELECTOR))
public class TokenSecretDependent extends KubernetesDependentResource<Secret, ImageClassificationJob>
        implements Creator<Secret, ImageClassificationJob>, GarbageCollected<ImageClassificationJob> {

    public static final String TOKEN_KEY = "token";

    @Override
    protected Secret desired(ImageClassificationJob job, Context<ImageClassificationJob> context) {
        String name = job.getMetadata().getName();
        return new SecretBuilder()
                .withMetadata(OwnedMetadata.of(job, ObjectNames.tokenSecret(name)))
                .withType("Opaque")
                .withData(Map.of(
                        TOKEN_KEY,
                        Base64.getEncoder()
                                .encodeToString(ExchangeTokens.newToken().getBytes(StandardCharsets.US_ASCII))))
                .build();
    }
}
