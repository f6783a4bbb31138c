package dev.fovea.e2e.chart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Prometheus series names the trainer and the operator register, read from their sources at test time: every
 * Micrometer meter whose name starts with {@code fovea}, turned into the names Micrometer's Prometheus registry
 * exposes (dots to underscores, the base unit appended, {@code _total} on counters, {@code _seconds_count/_sum/_max}
 * on timers, and a {@code _total} suffix dropped from gauges because Prometheus reserves it for counters).
 */
final class RegisteredMetrics {

    private static final Pattern METER = Pattern.compile(
            "(Gauge\\.builder|FunctionCounter\\.builder|Counter\\.builder|Timer\\.builder|gauge)\\(\\s*\"(fovea[._][a-z0-9._]+)\"");
    private static final Pattern BASE_UNIT = Pattern.compile("\\.baseUnit\\(\"([a-z]+)\"\\)");
    private static final Pattern END_OF_REGISTRATION = Pattern.compile("\\.register\\(|;");

    private RegisteredMetrics() {}

    /** Every exposed series name registered under the given source folders (relative to the repository root). */
    static Set<String> in(String... sourceFolders) {
        Set<String> names = new TreeSet<>();
        for (String folder : sourceFolders) {
            try (Stream<Path> files = Files.walk(RepositoryPaths.resolve(folder))) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(f -> names.addAll(inFile(f)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names;
    }

    private static Set<String> inFile(Path file) {
        String source;
        try {
            source = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> names = new TreeSet<>();
        Matcher meter = METER.matcher(source);
        while (meter.find()) {
            Matcher end = END_OF_REGISTRATION.matcher(source);
            int stop = end.find(meter.end()) ? end.start() : source.length();
            Matcher unit = BASE_UNIT.matcher(source.substring(meter.end(), stop));
            names.addAll(exposedNames(meter.group(1), meter.group(2), unit.find() ? unit.group(1) : null));
        }
        return names;
    }

    static Set<String> exposedNames(String builder, String meterName, String baseUnit) {
        String name = meterName.replace('.', '_');
        if (baseUnit != null && !name.endsWith("_" + baseUnit)) {
            name += "_" + baseUnit;
        }
        name = name.replaceFirst("_total$", "");
        return switch (builder) {
            case "Counter.builder", "FunctionCounter.builder" -> Set.of(name + "_total");
            case "Timer.builder" -> Set.of(name + "_seconds_count", name + "_seconds_sum", name + "_seconds_max");
            default -> Set.of(name);
        };
    }
}
