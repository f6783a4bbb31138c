package dev.fovea.cli.importer;

import dev.fovea.trainer.ClientError;
import java.util.Locale;
import java.util.regex.Pattern;

/** Turns a SageMaker TrainingJobName into a Kubernetes object name the operator can derive its own names from. */
final class JobNames {

    /**
     * The longest job name whose derived names still fit a DNS label (63): the headless Service is
     * {@code <job>-hosts}.
     */
    static final int MAX_LENGTH = 63 - "-hosts".length();

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private JobNames() {}

    /** A name the user chose (--name), refused unless the operator can derive its object names from it. */
    static String checked(String name) {
        if (name.length() > MAX_LENGTH || !DNS_LABEL.matcher(name).matches()) {
            throw new ClientError("--name '" + name + "' is not a valid job name: use lower-case letters, digits and "
                    + "'-', starting and ending with a letter or digit, at most " + MAX_LENGTH + " characters");
        }
        return name;
    }

    /** {@code DEMO-imageclassification-2024} becomes {@code demo-imageclassification-2024}. */
    static String fromTrainingJobName(String trainingJobName) {
        if (trainingJobName == null || trainingJobName.isBlank()) {
            throw new ClientError("TrainingJobName is missing; pass --name to name the job");
        }
        String name = trainingJobName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
        if (name.length() > MAX_LENGTH) {
            name = name.substring(0, MAX_LENGTH);
        }
        name = name.replaceAll("^-+", "").replaceAll("-+$", "");
        if (name.isEmpty()) {
            throw new ClientError("TrainingJobName '" + trainingJobName + "' has no letters or digits; pass --name");
        }
        return name;
    }
}
