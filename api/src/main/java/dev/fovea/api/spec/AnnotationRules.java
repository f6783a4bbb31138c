package dev.fovea.api.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;

/**
 * The single-field rules written as annotations on the spec classes ({@link Required}, {@link Min}, {@link Max},
 * {@link Pattern}, {@link Size}), enforced in Java. The CRD generator turns the same annotations into the CRD's
 * schema, so each bound is written once and holds at {@code kubectl apply} and in the trainer alike. Walks the spec
 * classes (package {@code dev.fovea.api}) and lists of them; other types (Kubernetes quantities, tolerations) are
 * left to their owners.
 */
public final class AnnotationRules {

    private static final String API_PACKAGE = "dev.fovea.api";
    private static final java.util.regex.Pattern VALID_VALUES =
            java.util.regex.Pattern.compile("Valid values: ([^.]*(\\.\\d[^.]*)*)\\.");
    private static final Map<Class<?>, List<Field>> FIELDS = new ConcurrentHashMap<>();

    private AnnotationRules() {}

    /** Violations in {@code bean} and below; paths start at {@code path} ({@code null}: bare field names). */
    public static List<Violation> validate(Object bean, String path) {
        List<Violation> violations = new ArrayList<>();
        walk(bean, path, violations);
        return violations;
    }

    private static void walk(Object bean, String path, List<Violation> violations) {
        for (Field field : fieldsOf(bean.getClass())) {
            String fieldPath = path == null ? field.getName() : path + "." + field.getName();
            Object value = read(field, bean);
            if (value == null) {
                if (field.isAnnotationPresent(Required.class)) {
                    violations.add(new Violation(fieldPath, null, field.getName() + " is required" + allowed(field)));
                }
                continue;
            }
            check(field, value, fieldPath, violations);
            if (value instanceof Collection<?> items) {
                int index = 0;
                for (Object item : items) {
                    if (isSpecClass(item)) {
                        walk(item, fieldPath + "[" + index + "]", violations);
                    }
                    index++;
                }
            } else if (isSpecClass(value) && !value.getClass().isEnum()) {
                walk(value, fieldPath, violations);
            }
        }
    }

    private static void check(Field field, Object value, String path, List<Violation> violations) {
        String name = field.getName();
        if (value instanceof Number number && outOfRange(field, number.doubleValue())) {
            String shown = Decimals.display(number);
            violations.add(new Violation(path, shown, name + " " + shown + " is not allowed" + allowed(field)));
        }
        Pattern pattern = field.getAnnotation(Pattern.class);
        if (value instanceof String text && pattern != null && !text.matches(pattern.value())) {
            violations.add(new Violation(path, text, name + " \"" + text + "\" is not allowed" + allowed(field)));
        }
        Size size = field.getAnnotation(Size.class);
        int length =
                value instanceof Collection<?> items ? items.size() : value instanceof String text ? text.length() : -1;
        if (size != null && length >= 0 && (length < size.min() || length > size.max())) {
            violations.add(new Violation(
                    path,
                    Integer.toString(length),
                    name + " has " + length
                            + (value instanceof String ? " characters" : " entries") + "; allowed are " + size.min()
                            + " to " + size.max()));
        }
    }

    private static boolean outOfRange(Field field, double value) {
        Min min = field.getAnnotation(Min.class);
        Max max = field.getAnnotation(Max.class);
        return (min != null && value < min.value()) || (max != null && value > max.value());
    }

    /** What is allowed, in words: the field description's "Valid values" sentence, else the annotations. */
    private static String allowed(Field field) {
        JsonPropertyDescription description = field.getAnnotation(JsonPropertyDescription.class);
        if (description != null) {
            Matcher validValues = VALID_VALUES.matcher(description.value());
            if (validValues.find()) {
                return ": valid values are " + validValues.group(1);
            }
        }
        Min min = field.getAnnotation(Min.class);
        Max max = field.getAnnotation(Max.class);
        Pattern pattern = field.getAnnotation(Pattern.class);
        if (min != null && max != null) {
            return ": must be in [" + bound(min.value()) + ", " + bound(max.value()) + "]";
        }
        if (min != null) {
            return ": must be >= " + bound(min.value());
        }
        if (max != null) {
            return ": must be <= " + bound(max.value());
        }
        return pattern != null ? ": must match " + pattern.value() : "";
    }

    private static String bound(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static boolean isSpecClass(Object value) {
        return value != null && value.getClass().getPackageName().startsWith(API_PACKAGE);
    }

    private static List<Field> fieldsOf(Class<?> type) {
        return FIELDS.computeIfAbsent(type, t -> {
            List<Field> fields = new ArrayList<>();
            for (Class<?> c = t; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field field : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(field.getModifiers())) {
                        field.setAccessible(true);
                        fields.add(field);
                    }
                }
            }
            return List.copyOf(fields);
        });
    }

    private static Object read(Field field, Object bean) {
        try {
            return field.get(bean);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("fields are made accessible in fieldsOf", e);
        }
    }
}
