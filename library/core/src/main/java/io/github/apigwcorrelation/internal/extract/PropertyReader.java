package io.github.apigwcorrelation.internal.extract;

import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a named child of a {@code Map}, {@code List} or user POJO. POJO properties match JSON names loosely
 * ({@code request-id}, {@code requestId} and {@code request_id} are the same), because a user class cannot
 * name a field {@code request-id}. Accessors are looked up once per class and name.
 */
final class PropertyReader {
    private static final ClassValue<Map<String, Optional<Member>>> ACCESSORS = new ClassValue<>() {
        @Override
        protected Map<String, Optional<Member>> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    private PropertyReader() {}

    /**
     * @return the child, or null when the node has no such child or cannot be read
     */
    static Object child(Object node, String name, int index) {
        if (node == null) {
            return null;
        }
        if (node instanceof Map) {
            return ((Map<?, ?>) node).get(name);
        }
        if (node instanceof List) {
            List<?> list = (List<?>) node;
            return index >= 0 && index < list.size() ? list.get(index) : null;
        }
        if (isLeaf(node.getClass())) {
            return null;
        }
        Optional<Member> accessor = ACCESSORS.get(node.getClass())
                .computeIfAbsent(normalize(name), key -> findSafely(node.getClass(), key));
        return accessor.map(member -> read(member, node)).orElse(null);
    }

    static Object child(Object node, String name) {
        return child(node, name, -1);
    }

    private static boolean isLeaf(Class<?> type) {
        return type.isPrimitive() || type.isArray() || type.isEnum() || CharSequence.class.isAssignableFrom(type)
                || Number.class.isAssignableFrom(type) || type == Boolean.class || type == Character.class
                || type.getName().startsWith("java.");
    }

    /** Reflection on a user class can fail in many ways (a return type missing from the class path...). */
    private static Optional<Member> findSafely(Class<?> type, String normalizedName) {
        try {
            return find(type, normalizedName);
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }

    private static Optional<Member> find(Class<?> type, String normalizedName) {
        for (Method method : type.getMethods()) {
            if (method.getParameterCount() == 0 && !Modifier.isStatic(method.getModifiers())
                    && method.getDeclaringClass() != Object.class && matchesGetter(method.getName(), normalizedName)
                    && canCall(method)) {
                return Optional.of(method);
            }
        }
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers()) && normalize(field.getName()).equals(normalizedName)
                        && trySetAccessible(field)) {
                    return Optional.of(field);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean matchesGetter(String methodName, String normalizedName) {
        String normalized = normalize(methodName);
        return normalized.equals("get" + normalizedName) || normalized.equals("is" + normalizedName);
    }

    private static boolean canCall(Method method) {
        try {
            return Modifier.isPublic(method.getDeclaringClass().getModifiers()) || method.trySetAccessible();
        } catch (SecurityException e) {
            return false;
        }
    }

    private static boolean trySetAccessible(Field field) {
        try {
            return Modifier.isPublic(field.getModifiers()) && Modifier.isPublic(field.getDeclaringClass().getModifiers())
                    || field.trySetAccessible();
        } catch (SecurityException e) {
            return false;
        }
    }

    private static Object read(Member member, Object node) {
        try {
            return member instanceof Method ? ((Method) member).invoke(node) : ((Field) member).get(node);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    static String normalize(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                out.append(c);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
