package dev.fovea.api.validation;

import dev.fovea.api.ObjectNames;
import dev.fovea.api.spec.Violation;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The job's name becomes the names of the objects it owns; the headless Service {@code <job>-hosts} is the strictest
 * (a DNS-1035 label of at most 63 characters), so the name must be one too, short enough for the suffix.
 */
final class NameRules {

    private static final Pattern DNS_1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");

    private NameRules() {}

    static List<Violation> validate(ObjectMeta metadata) {
        String name = metadata == null ? null : metadata.getName();
        return validate(
                metadata, ObjectNames.MAX_JOB_NAME_LENGTH, "the job's Service " + ObjectNames.hostsService(name));
    }

    /**
     * The name rule of a resource whose name becomes a DNS-1035 label of at most {@code maxLength} characters.
     *
     * @param names what the name becomes, for the message
     */
    static List<Violation> validate(ObjectMeta metadata, int maxLength, String names) {
        String name = metadata == null ? null : metadata.getName();
        if (name == null || name.isBlank()) {
            return List.of(new Violation("metadata.name", null, "metadata.name is required"));
        }
        if (!DNS_1035_LABEL.matcher(name).matches() || name.length() > maxLength) {
            return List.of(new Violation(
                    "metadata.name",
                    name,
                    "metadata.name " + name + " is not allowed: it names " + names + ", so it must be at most "
                            + maxLength
                            + " lowercase letters, digits and dashes, starting with a letter and ending with a "
                            + "letter or digit"));
        }
        return List.of();
    }
}
