package io.shopwatch.logging.ingest;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Bean Validation of one record type, without its per-call cost on the common path. The constraints of the record's
 * components ({@code @NotNull}, {@code @NotBlank}, {@code @Size}, {@code @Pattern}: what the event model uses) are
 * read once and compiled into plain checks with Hibernate Validator's semantics; a record that passes them is valid.
 * A record that fails them goes to the {@link Validator}, whose violations (and messages) are the answer, so the
 * annotations stay the only definition of what is valid. A type using anything else (other constraints, groups,
 * class-level or container-element constraints, {@code @Valid}) is always given to the {@link Validator}.
 */
public final class RecordConstraints<T extends Record> {

    @FunctionalInterface
    private interface Check {
        boolean ok(Object record) throws Throwable;
    }

    private final Validator validator;
    private final List<Check> checks;

    private RecordConstraints(Validator validator, List<Check> checks) {
        this.validator = validator;
        this.checks = checks;
    }

    public static <T extends Record> RecordConstraints<T> of(Class<T> type, Validator validator) {
        return new RecordConstraints<>(validator, compile(type));
    }

    /** Whether the fast path applies to this type (for tests). */
    boolean compiled() {
        return checks != null;
    }

    /** The violations of {@code record}, empty when it is valid. */
    public Set<ConstraintViolation<T>> validate(T record) {
        if (checks != null && passes(record)) {
            return Set.of();
        }
        return validator.validate(record);
    }

    private boolean passes(Object record) {
        try {
            for (Check check : checks) {
                if (!check.ok(record)) {
                    return false;
                }
            }
            return true;
        } catch (Throwable e) {
            return false;
        }
    }

    /** The checks of a record type, or {@code null} when it uses something they do not cover. */
    private static List<Check> compile(Class<? extends Record> type) {
        if (hasConstraint(type.getAnnotations())) {
            return null;
        }
        List<Check> checks = new ArrayList<>();
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        for (RecordComponent component : type.getRecordComponents()) {
            Field field;
            MethodHandle accessor;
            try {
                field = type.getDeclaredField(component.getName());
                accessor = lookup.unreflect(component.getAccessor())
                        .asType(MethodType.methodType(Object.class, Object.class));
            } catch (ReflectiveOperationException e) {
                return null;
            }
            if (hasTypeArgumentConstraint(field.getAnnotatedType())) {
                return null;
            }
            for (Annotation annotation : field.getAnnotations()) {
                Check check = check(annotation, field.getType(), accessor);
                if (check == null) {
                    return null;
                }
                if (check != IGNORED) {
                    checks.add(check);
                }
            }
        }
        return List.copyOf(checks);
    }

    private static final Check IGNORED = record -> true;

    /** The check of one annotation, {@link #IGNORED} for annotations that are no constraint, null if unsupported. */
    private static Check check(Annotation annotation, Class<?> valueType, MethodHandle get) {
        if (annotation instanceof Valid) {
            return null;
        }
        boolean text = valueType == String.class;
        if (annotation instanceof NotNull a) {
            return defaultGroup(a.groups()) ? r -> get.invoke(r) != null : null;
        }
        if (annotation instanceof NotBlank a && text && defaultGroup(a.groups())) {
            // Hibernate Validator: not null and not empty after trim()
            return r -> {
                Object v = get.invoke(r);
                return v != null && !((String) v).trim().isEmpty();
            };
        }
        if (annotation instanceof Size a && text && defaultGroup(a.groups())) {
            int min = a.min();
            int max = a.max();
            return r -> {
                Object v = get.invoke(r);
                return v == null || (((String) v).length() >= min && ((String) v).length() <= max);
            };
        }
        if (annotation instanceof jakarta.validation.constraints.Pattern a && text && defaultGroup(a.groups())) {
            int flags = 0;
            for (jakarta.validation.constraints.Pattern.Flag flag : a.flags()) {
                flags |= flag.getValue();
            }
            Pattern pattern = Pattern.compile(a.regexp(), flags);
            return r -> {
                Object v = get.invoke(r);
                return v == null || pattern.matcher((String) v).matches();
            };
        }
        return isConstraint(annotation) ? null : IGNORED;
    }

    private static boolean defaultGroup(Class<?>[] groups) {
        return groups.length == 0;
    }

    private static boolean isConstraint(Annotation annotation) {
        return annotation.annotationType().isAnnotationPresent(Constraint.class)
                || annotation.annotationType().getName().startsWith("jakarta.validation.constraints.")
                || annotation instanceof Valid;
    }

    private static boolean hasConstraint(Annotation[] annotations) {
        for (Annotation annotation : annotations) {
            if (isConstraint(annotation)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasTypeArgumentConstraint(AnnotatedType type) {
        if (type instanceof AnnotatedParameterizedType parameterized) {
            for (AnnotatedType argument : parameterized.getAnnotatedActualTypeArguments()) {
                if (hasConstraint(argument.getAnnotations()) || hasTypeArgumentConstraint(argument)) {
                    return true;
                }
            }
        }
        return false;
    }
}
