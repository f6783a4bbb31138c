package dev.fovea.api.validation;

import dev.fovea.api.ObjectNames;
import dev.fovea.api.contract.TrainerPodLayout;
import dev.fovea.api.spec.ImageClassificationJobSpec;
import dev.fovea.api.spec.PodTemplate;
import dev.fovea.api.spec.Violation;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code spec.podTemplate} adds to the trainer pods the operator renders and never replaces any part of them: labels
 * and annotations are well-formed and leave Fovea's and the Job controller's keys alone, variables leave the
 * operator's alone, extra volumes have names of their own and mounts stay out of {@code /opt/ml}, {@code /tmp} and
 * {@code /dev/shm}. Each violation names the field and the value, so the pod fails here, not at the API server.
 */
final class PodTemplateRules {

    private static final String PATH = "spec.podTemplate";
    /** A label or annotation key: an optional DNS-subdomain prefix and a name of at most 63 characters. */
    private static final Pattern QUALIFIED_NAME = Pattern.compile(
            "([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");

    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final List<String> RESERVED_KEY_PREFIXES = List.of("fovea.dev/", "batch.kubernetes.io/");
    private static final Set<String> RESERVED_KEYS =
            Set.of(ObjectNames.MANAGED_BY_LABEL, "job-name", "controller-uid", ObjectNames.VOLCANO_GROUP_ANNOTATION);

    private PodTemplateRules() {}

    static List<Violation> validate(ImageClassificationJobSpec spec) {
        return validate(spec.getPodTemplate());
    }

    /** The rules of a podTemplate, a job's or an endpoint's; field paths start at {@code spec.podTemplate}. */
    static List<Violation> validate(PodTemplate template) {
        List<Violation> violations = new ArrayList<>();
        if (template == null) {
            return violations;
        }
        keys("labels", template.getLabels(), true, violations);
        keys("annotations", template.getAnnotations(), false, violations);
        env(template.getEnv(), violations);
        Set<String> volumes = volumes(template.getVolumes(), violations);
        mounts(template.getVolumeMounts(), volumes, violations);
        shmSize(template.getShmSize(), violations);
        return violations;
    }

    private static void keys(String field, Map<String, String> entries, boolean labels, List<Violation> violations) {
        if (entries == null) {
            return;
        }
        entries.forEach((key, value) -> {
            String path = PATH + "." + field + "[" + key + "]";
            if (!isQualifiedName(key)) {
                violations.add(new Violation(
                        path,
                        key,
                        key + " is not a valid key: an optional DNS prefix and '/', then at most 63 letters, "
                                + "digits, '-', '_' or '.', starting and ending with a letter or digit"));
            } else if (RESERVED_KEYS.contains(key)
                    || RESERVED_KEY_PREFIXES.stream().anyMatch(key::startsWith)) {
                violations.add(new Violation(
                        path, key, key + " is set by Fovea or the Job controller and cannot be overridden"));
            }
            if (labels
                    && (value == null
                            || value.length() > 63
                            || !LABEL_VALUE.matcher(value).matches())) {
                violations.add(new Violation(
                        path,
                        value,
                        "label value \"" + value + "\" is not allowed: at most 63 letters, digits, '-', '_' or '.',"
                                + " starting and ending with a letter or digit"));
            }
        });
    }

    private static boolean isQualifiedName(String key) {
        int slash = key.indexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        return key.length() <= 253 + 1 + 63
                && name.length() <= 63
                && (slash < 0 || slash <= 253)
                && QUALIFIED_NAME.matcher(key).matches();
    }

    private static void env(List<EnvVar> env, List<Violation> violations) {
        if (env == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < env.size(); i++) {
            String name = env.get(i).getName();
            String path = PATH + ".env[" + i + "].name";
            if (name == null || name.isEmpty() || name.contains("=")) {
                violations.add(new Violation(path, name, "an environment variable needs a name without '='"));
            } else if (TrainerPodLayout.isOperatorEnv(name)) {
                violations.add(new Violation(
                        path,
                        name,
                        name + " is the operator's (" + TrainerPodLayout.RESERVED_ENV_PREFIX + "*, "
                                + TrainerPodLayout.COMPLETION_INDEX_ENV + " and " + TrainerPodLayout.SERVE_PORT_ENV
                                + ", the serving port its probes and Service use, are reserved)"));
            } else if (!seen.add(name)) {
                violations.add(new Violation(path, name, name + " is set twice"));
            }
        }
    }

    /** Checks the volumes; returns every name declared, so that mounts are judged on their own. */
    private static Set<String> volumes(List<Volume> volumes, List<Violation> violations) {
        Set<String> names = new HashSet<>();
        if (volumes == null) {
            return names;
        }
        for (int i = 0; i < volumes.size(); i++) {
            String name = volumes.get(i).getName();
            String path = PATH + ".volumes[" + i + "].name";
            boolean fresh = name != null && names.add(name);
            if (name == null || name.length() > 63 || !DNS_LABEL.matcher(name).matches()) {
                violations.add(new Violation(
                        path, name, "a volume name must be at most 63 lowercase letters, digits and '-'"));
            } else if (TrainerPodLayout.isOperatorVolume(name)) {
                violations.add(new Violation(
                        path,
                        name,
                        name + " is one of the operator's own volumes (config, input-config, output, model, "
                                + "checkpoints, tmp, dshm, channel-*); pick another name"));
            } else if (!fresh) {
                violations.add(new Violation(path, name, "volume " + name + " is declared twice"));
            }
        }
        return names;
    }

    private static void mounts(List<VolumeMount> mounts, Set<String> volumes, List<Violation> violations) {
        if (mounts == null) {
            return;
        }
        Set<String> paths = new HashSet<>();
        for (int i = 0; i < mounts.size(); i++) {
            VolumeMount mount = mounts.get(i);
            String path = PATH + ".volumeMounts[" + i + "]";
            if (mount.getName() == null || !volumes.contains(mount.getName())) {
                violations.add(new Violation(
                        path + ".name",
                        mount.getName(),
                        "volumeMount " + mount.getName() + " names no volume of spec.podTemplate.volumes " + volumes));
            }
            String mountPath = mount.getMountPath();
            if (mountPath == null || !mountPath.startsWith("/")) {
                violations.add(new Violation(path + ".mountPath", mountPath, "mountPath must be an absolute path"));
            } else if (TrainerPodLayout.isOperatorPath(mountPath)) {
                violations.add(new Violation(
                        path + ".mountPath",
                        mountPath,
                        mountPath + " would cover or sit inside " + TrainerPodLayout.ML_ROOT_PATH + ", "
                                + TrainerPodLayout.TMP_PATH + " or " + TrainerPodLayout.SHM_PATH
                                + ", which the operator mounts (set shmSize for /dev/shm)"));
            } else if (!paths.add(mountPath)) {
                violations.add(new Violation(path + ".mountPath", mountPath, mountPath + " is mounted twice"));
            }
        }
    }

    private static void shmSize(Quantity size, List<Violation> violations) {
        if (size == null) {
            return;
        }
        String shown = size.toString();
        try {
            if (Quantity.getAmountInBytes(size).compareTo(BigDecimal.ZERO) <= 0) {
                violations.add(
                        new Violation(PATH + ".shmSize", shown, "shmSize " + shown + " must be a positive size"));
            }
        } catch (IllegalArgumentException | ArithmeticException malformed) {
            violations.add(new Violation(
                    PATH + ".shmSize", shown, "shmSize " + shown + " is not a quantity such as 512Mi or 8Gi"));
        }
    }
}
