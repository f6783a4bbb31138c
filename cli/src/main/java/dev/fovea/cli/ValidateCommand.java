package dev.fovea.cli;

import dev.fovea.api.contract.ExitCodes;
import dev.fovea.api.spec.Violation;
import dev.fovea.api.validation.ManifestReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fovea validate -f job.yaml endpoint.yaml}: checks job and endpoint manifests with the same rules the operator
 * applies, without a cluster.
 * Prints {@code job.yaml: valid}, or each violation with its field; exit code 0 when every file is valid, else 2.
 */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = "Checks ImageClassificationJob manifests against every SageMaker hyperparameter rule and the "
                + "channel and resource rules, and ImageClassificationEndpoint manifests against the endpoint's. "
                + "Exit code 0 when all are valid, 2 otherwise.")
public final class ValidateCommand implements Callable<Integer> {

    @Option(
            names = {"-f", "--file"},
            required = true,
            arity = "1..*",
            paramLabel = "MANIFEST",
            description = "The manifest(s) to check (YAML or JSON).")
    List<Path> files;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean allValid = true;
        for (Path file : files) {
            List<Violation> violations = check(file);
            if (violations.isEmpty()) {
                out.println(file + ": valid");
            } else {
                allValid = false;
                err.println(file + ": " + violations.size() + (violations.size() == 1 ? " problem" : " problems"));
                violations.forEach(v -> err.println("  " + v));
            }
        }
        out.flush();
        err.flush();
        return allValid ? ExitCodes.SUCCESS : ExitCodes.CLIENT_ERROR;
    }

    private static List<Violation> check(Path file) {
        try {
            return ManifestReader.check(file.toString(), Files.readString(file));
        } catch (NoSuchFileException e) {
            return List.of(new Violation("", null, "no such file"));
        } catch (IOException e) {
            return List.of(new Violation("", null, "cannot be read: " + e.getMessage()));
        }
    }
}
