package dev.fovea.e2e.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image recipe (Dockerfile) read as its instructions: the build arguments' defaults, the environment it sets (build
 * arguments expanded to their defaults), and its {@code RUN} steps.
 */
record Recipe(
        Path file, Map<String, String> arguments, Map<String, String> environment, List<String> runs, String from) {

    private static final Pattern ENV_PAIR = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S+)");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    static Recipe read(Path file) throws IOException {
        Map<String, String> arguments = new LinkedHashMap<>();
        Map<String, String> environment = new LinkedHashMap<>();
        List<String> runs = new ArrayList<>();
        String from = null;
        for (String instruction : instructions(Files.readString(file))) {
            String[] parts = instruction.split("\\s+", 2);
            String keyword = parts[0].toUpperCase(java.util.Locale.ROOT);
            String rest = parts.length == 2 ? parts[1] : "";
            switch (keyword) {
                case "ARG" -> {
                    String[] pair = rest.split("=", 2);
                    arguments.put(pair[0], pair.length == 2 ? pair[1] : "");
                }
                case "ENV" -> {
                    Matcher matcher = ENV_PAIR.matcher(rest);
                    while (matcher.find()) {
                        environment.put(matcher.group(1), expand(unquote(matcher.group(2)), arguments));
                    }
                }
                case "RUN" -> runs.add(rest);
                case "FROM" -> from = rest;
                default -> {
                    // LABEL, COPY, USER, ...: not part of the layout checked here
                }
            }
        }
        return new Recipe(file, arguments, environment, runs, from);
    }

    /** The instructions, continuation lines joined and comments dropped. */
    private static List<String> instructions(String text) {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            String stripped = line.strip();
            if (stripped.startsWith("#") || stripped.isEmpty()) {
                continue;
            }
            boolean continues = stripped.endsWith("\\");
            current.append(continues ? stripped.substring(0, stripped.length() - 1) : stripped)
                    .append(' ');
            if (!continues) {
                instructions.add(current.toString().strip());
                current.setLength(0);
            }
        }
        return instructions;
    }

    /** {@code ${NAME}} replaced by the build argument's default. */
    String expand(String text) {
        return expand(text, arguments);
    }

    private static String expand(String text, Map<String, String> arguments) {
        return REFERENCE
                .matcher(text)
                .replaceAll(match -> Matcher.quoteReplacement(arguments.getOrDefault(match.group(1), match.group())));
    }

    private static String unquote(String value) {
        return value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
    }
}
