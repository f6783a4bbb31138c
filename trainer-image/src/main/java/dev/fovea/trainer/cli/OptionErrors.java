package dev.fovea.trainer.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * Names the environment variable beside the option in every option error: in a container the bad value usually came
 * from the variable ({@code SAGEMAKER_BIND_TO_PORT=abc}), and the person reading the log has to know where to fix it.
 * Options read their variable through their default value, {@code ${env:NAME:-default}}.
 */
final class OptionErrors implements IParameterExceptionHandler {

    private static final Pattern ENVIRONMENT_DEFAULT = Pattern.compile("\\$\\{env:([A-Za-z0-9_]+)");

    private final IParameterExceptionHandler delegate;

    private OptionErrors(IParameterExceptionHandler delegate) {
        this.delegate = delegate;
    }

    /** Installs the handler on {@code command}, in front of the one it has. */
    static CommandLine install(CommandLine command) {
        return command.setParameterExceptionHandler(new OptionErrors(command.getParameterExceptionHandler()));
    }

    /** How an option's errors name it: {@code --max-batch-size (FOVEA_SERVE_MAX_BATCH_SIZE)}. */
    static String name(String option, String environmentVariable) {
        return option + " (" + environmentVariable + ")";
    }

    @Override
    public int handleParseException(ParameterException error, String[] args) throws Exception {
        return delegate.handleParseException(withVariable(error), args);
    }

    private static ParameterException withVariable(ParameterException error) {
        ArgSpec arg = error.getArgSpec();
        if (!(arg instanceof OptionSpec option) || option.defaultValueString(false) == null) {
            return error;
        }
        Matcher variable = ENVIRONMENT_DEFAULT.matcher(option.defaultValueString(false));
        String quoted = "'" + option.longestName() + "'";
        if (!variable.find()
                || error.getMessage() == null
                || !error.getMessage().contains(quoted)
                || error.getMessage().contains(variable.group(1))) {
            return error;
        }
        String message = error.getMessage()
                .replaceFirst(Pattern.quote(quoted), Matcher.quoteReplacement(quoted + " (" + variable.group(1) + ")"));
        return new ParameterException(error.getCommandLine(), message, error.getCause(), arg, error.getValue());
    }
}
