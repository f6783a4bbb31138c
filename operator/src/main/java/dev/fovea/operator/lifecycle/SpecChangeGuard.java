package dev.fovea.operator.lifecycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fovea.api.spec.ImageClassificationJobSpec;
import dev.fovea.operator.dependent.TrainerJobDependent;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A running gang cannot take new hyperparameters, a new host count or new data: such changes are refused, not
 * half-applied. The Job carries a hash per spec section it was built from ({@code hyperParameters=…,…}); a section
 * whose hash differs names the field in the refusal. Lifecycle fields (suspend, backoffLimit, stoppingCondition,
 * ttlSecondsAfterFinished) are read live and may change at any time.
 */
public final class SpecChangeGuard {

    /** What happens to an edit that is refused, and what the user can do. */
    static final String GANG_KEEPS_ITS_SPEC =
            "the gang keeps running with the spec it started with. Revert the change, "
                    + "or delete and re-create the job to apply it";

    private static final ObjectMapper JSON = new ObjectMapper();

    private SpecChangeGuard() {}

    /** The sections the gang is built from, each hashed: {@code hyperParameters=1a2b…,inputDataConfig=…}. */
    public static String hash(ImageClassificationJobSpec spec) {
        Map<String, Object> sections = new LinkedHashMap<>();
        sections.put("hyperParameters", spec.getHyperParameters());
        sections.put("inputDataConfig", spec.getInputDataConfig());
        sections.put("outputDataConfig", spec.getOutputDataConfig());
        sections.put("checkpointConfig", spec.getCheckpointConfig());
        sections.put("resourceConfig", spec.getResourceConfig());
        return sections.entrySet().stream()
                .map(section -> section.getKey() + "=" + digest(section.getValue()))
                .collect(Collectors.joining(","));
    }

    /** A message naming the changed fields when the existing Job was built from another spec; empty otherwise. */
    public static Optional<String> refusal(Optional<Job> existing, String currentHash) {
        String applied = existing.map(job -> job.getMetadata().getAnnotations())
                .map(annotations -> annotations.get(TrainerJobDependent.SPEC_HASH_ANNOTATION))
                .orElse(null);
        if (applied == null || applied.equals(currentHash)) {
            return Optional.empty();
        }
        Map<String, String> before = sections(applied);
        List<String> changed = new ArrayList<>();
        sections(currentHash).forEach((field, digest) -> {
            if (!digest.equals(before.get(field))) {
                changed.add("spec." + field);
            }
        });
        return Optional.of(
                String.join(", ", changed) + " cannot change while the job's gang exists; " + GANG_KEEPS_ITS_SPEC);
    }

    private static Map<String, String> sections(String hash) {
        Map<String, String> sections = new LinkedHashMap<>();
        for (String part : hash.split(",")) {
            String[] pair = part.split("=", 2);
            sections.put(pair[0], pair.length == 2 ? pair[1] : "");
        }
        return sections;
    }

    private static String digest(Object section) {
        try {
            byte[] json = JSON.writeValueAsString(section).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json), 0, 6);
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("SHA-256 and JSON are always available for a spec", e);
        }
    }
}
