package dev.fovea.api.validation;

import dev.fovea.api.spec.HyperParameters;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The per-field rules written as annotations on {@link HyperParameters}: {@link Required}, {@link Min}, {@link Max}.
 * The CRD generator turns the same annotations into the schema, so each bound is written once and holds in both
 * places.
 */
final class RangeRules {

    private static final List<Field> FIELDS = Arrays.stream(HyperParameters.class.getDeclaredFields())
            .filter(f -> !java.lang.reflect.Modifier.isStatic(f.getModifiers()))
            .peek(f -> f.setAccessible(true))
            .toList();

    private RangeRules() {}

    static List<Violation> validate(HyperParameters hyperParameters) {
        List<Violation> violations = new ArrayList<>();
        for (Field field : FIELDS) {
            Object value = read(field, hyperParameters);
            if (value == null) {
                if (field.isAnnotationPresent(Required.class)) {
                    violations.add(new Violation(field.getName(), null,
                            field.getName() + " is required: " + allowed(field)));
                }
            } else if (value instanceof Number number && outOfRange(field, number.doubleValue())) {
                violations.add(new Violation(field.getName(), number.toString(),
                        field.getName() + " " + number + " is not allowed: " + allowed(field)));
            }
        }
        return violations;
    }

    private static boolean outOfRange(Field field, double value) {
        Min min = field.getAnnotation(Min.class);
        Max max = field.getAnnotation(Max.class);
        return (min != null && value < min.value()) || (max != null && value > max.value());
    }

    /** What the annotations allow, in words: "an integer >= 1", "a float in [0, 1]", "0 or 1". */
    private static String allowed(Field field) {
        Min min = field.getAnnotation(Min.class);
        Max max = field.getAnnotation(Max.class);
        boolean integer = field.getType() == Integer.class || field.getType() == Long.class;
        String kind = integer ? "an integer" : "a float";
        if (min != null && max != null) {
            if (integer && max.value() - min.value() == 1) {
                return "must be " + bound(min.value()) + " or " + bound(max.value());
            }
            return "must be " + kind + " in [" + bound(min.value()) + ", " + bound(max.value()) + "]";
        }
        if (min != null) {
            return "must be " + kind + " >= " + bound(min.value());
        }
        if (max != null) {
            return "must be " + kind + " <= " + bound(max.value());
        }
        return "it has no default";
    }

    private static String bound(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static Object read(Field field, HyperParameters hyperParameters) {
        try {
            return field.get(hyperParameters);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("fields of HyperParameters are made accessible above", e);
        }
    }
}
