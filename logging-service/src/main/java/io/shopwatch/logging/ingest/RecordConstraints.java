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
 * read once and compiled into plain checks with Hibernate Validator's semantics (a simple {@code @Pattern} such as
 * {@code [0-9a-f]{32}} without {@link java.util.regex}, see {@link CharClassPattern}); values that pass them are valid.
 * The checks run on the values a mapper has just read from the request ({@link #valid(Object...)}), so no record is
 * built for a valid one. A record that fails them goes to the {@link Validator}, whose violations (and messages) are the
 * answer, so the annotations stay the only definition of what is valid. A type using anything else (other
 * constraints, groups, class-level or container-element constraints, {@code @Valid}) is always given to the
 * {@link Validator}.
 */
public final class RecordConstraints<T extends Record> {

    /** A check of one component's value. */
    @FunctionalInterface
    private interface Check {
        boolean ok(Object value);
    }

    /** A check and the index of the component it reads. */
    private record ComponentCheck(int component, Check check) {}

    private final Validator validator;
    private final ComponentCheck[] checks;
    private final MethodHandle[] accessors;

    private RecordConstraints(Validator validator, ComponentCheck[] checks, MethodHandle[] accessors) {
        this.validator = validator;
        this.checks = checks;
        this.accessors = accessors;
    }

    public static <T extends Record> RecordConstraints<T> of(Class<T> type, Validator validator) {
        RecordComponent[] components = type.getRecordComponents();
        MethodHandle[] accessors = new MethodHandle[components.length];
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        for (int i = 0; i < components.length; i++) {
            try {
                accessors[i] = lookup.unreflect(components[i].getAccessor())
                        .asType(MethodType.methodType(Object.class, Object.class));
            } catch (ReflectiveOperationException e) {
                return new RecordConstraints<>(validator, null, null);
            }
        }
        return new RecordConstraints<>(validator, compile(type), accessors);
    }

    /** Whether the fast path applies to this type (for tests). */
    boolean compiled() {
        return checks != null;
    }

    /**
     * Whether the values of a record's components, in the order the record declares them, certainly make a valid
     * record. {@code false} means "ask {@link #validate}": the values break a constraint, or the type is not compiled.
     */
    public boolean valid(Object... components) {
        if (checks == null) {
            return false;
        }
        for (ComponentCheck check : checks) {
            if (!check.check().ok(components[check.component()])) {
                return false;
            }
        }
        return true;
    }

    /** The violations of {@code record}, empty when it is valid. */
    public Set<ConstraintViolation<T>> validate(T record) {
        if (checks != null && valid(values(record))) {
            return Set.of();
        }
        return validator.validate(record);
    }

    private Object[] values(T record) {
        Object[] values = new Object[accessors.length];
        try {
            for (int i = 0; i < values.length; i++) {
                values[i] = accessors[i].invoke(record);
            }
        } catch (Throwable e) {
            throw new IllegalStateException("cannot read " + record.getClass().getSimpleName(), e);
        }
        return values;
    }

    /** The checks of a record type, or {@code null} when it uses something they do not cover. */
    private static ComponentCheck[] compile(Class<? extends Record> type) {
        if (hasConstraint(type.getAnnotations())) {
            return null;
        }
        List<ComponentCheck> checks = new ArrayList<>();
        RecordComponent[] components = type.getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            Field field;
            try {
                field = type.getDeclaredField(components[i].getName());
            } catch (ReflectiveOperationException e) {
                return null;
            }
            if (hasTypeArgumentConstraint(field.getAnnotatedType())) {
                return null;
            }
            for (Annotation annotation : field.getAnnotations()) {
                Check check = check(annotation, field.getType());
                if (check == null) {
                    return null;
                }
                if (check != IGNORED) {
                    checks.add(new ComponentCheck(i, check));
                }
            }
        }
        return checks.toArray(new ComponentCheck[0]);
    }

    private static final Check IGNORED = value -> true;

    /** The check of one annotation, {@link #IGNORED} for annotations that are no constraint, null if unsupported. */
    private static Check check(Annotation annotation, Class<?> valueType) {
        if (annotation instanceof Valid) {
            return null;
        }
        boolean text = valueType == String.class;
        if (annotation instanceof NotNull a) {
            return defaultGroup(a.groups()) ? v -> v != null : null;
        }
        if (annotation instanceof NotBlank a && text && defaultGroup(a.groups())) {
            // Hibernate Validator: not null and not empty after trim()
            return v -> v != null && !((String) v).trim().isEmpty();
        }
        if (annotation instanceof Size a && text && defaultGroup(a.groups())) {
            int min = a.min();
            int max = a.max();
            return v -> v == null || (((String) v).length() >= min && ((String) v).length() <= max);
        }
        if (annotation instanceof jakarta.validation.constraints.Pattern a && text && defaultGroup(a.groups())) {
            int flags = 0;
            for (jakarta.validation.constraints.Pattern.Flag flag : a.flags()) {
                flags |= flag.getValue();
            }
            CharClassPattern simple = flags == 0 ? CharClassPattern.compile(a.regexp()) : null;
            if (simple != null) {
                return v -> v == null || simple.matches((String) v);
            }
            Pattern pattern = Pattern.compile(a.regexp(), flags);
            return v -> v == null || pattern.matcher((String) v).matches();
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
