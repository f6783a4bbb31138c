package dev.fovea.e2e.agent;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

/**
 * The pods the Deployment controller makes from a Deployment's template, as its ReplicaSets would: named
 * {@code <deployment>-<template hash>-<suffix>}, labelled {@code pod-template-hash} so that a template change (a new
 * model) is told from the pods of the previous one.
 */
final class ReplicaPods {

    static final String TEMPLATE_HASH_LABEL = "pod-template-hash";

    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private ReplicaPods() {}

    /** A short digest of the pod template: equal for equal templates, different once anything in it changes. */
    static String templateHash(Deployment deployment) {
        try {
            byte[] template = JSON.asJson(deployment.getSpec().getTemplate()).getBytes(StandardCharsets.UTF_8);
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(template);
            return HexFormat.of().formatHex(digest, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    static Pod from(Deployment deployment) {
        String hash = templateHash(deployment);
        ObjectMeta template = deployment.getSpec().getTemplate().getMetadata();
        Map<String, String> labels =
                new HashMap<>(template == null || template.getLabels() == null ? Map.of() : template.getLabels());
        labels.put(TEMPLATE_HASH_LABEL, hash);
        String suffix = UUID.randomUUID().toString().substring(0, 5);
        return new PodBuilder()
                .withMetadata(new ObjectMetaBuilder()
                        .withName(deployment.getMetadata().getName() + "-" + hash + "-" + suffix)
                        .withNamespace(deployment.getMetadata().getNamespace())
                        .withLabels(labels)
                        .withAnnotations(template == null ? null : template.getAnnotations())
                        .withOwnerReferences(new OwnerReferenceBuilder()
                                .withApiVersion("apps/v1")
                                .withKind("Deployment")
                                .withName(deployment.getMetadata().getName())
                                .withUid(deployment.getMetadata().getUid())
                                .withController(true)
                                .build())
                        .build())
                .withSpec(new PodBuilder()
                        .withSpec(deployment.getSpec().getTemplate().getSpec())
                        .build()
                        .getSpec())
                .build();
    }

    static boolean matches(Pod pod, Map<String, String> selector) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        return selector != null
                && !selector.isEmpty()
                && labels != null
                && labels.entrySet().containsAll(selector.entrySet());
    }
}
