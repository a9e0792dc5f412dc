package io.github.apigwcorrelation.localapi;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Runs a function's handler in this JVM the way the Java runtime does: its code in a class loader of its
 * own (sharing only {@code aws-lambda-java-core}), the event deserialized for the handler's declared type
 * by the runtime's serializers, one invocation at a time per execution environment. Concurrent requests
 * get more environments, each with its own class loader, as Lambda scales out.
 */
final class InProcessFunction implements FunctionRunner {
    private static final int MAX_ENVIRONMENTS = 8;
    private final FunctionDef function;
    private final URL[] code;
    private final Deque<Environment> idle = new ArrayDeque<>();
    private int environments;

    InProcessFunction(FunctionDef function, Path buildDir) {
        this.function = function;
        this.code = codeOf(function, buildDir);
    }

    /**
     * The function's classes and jars: {@code sam build} output when there is one, else the Maven layout
     * of its {@code CodeUri} ({@code target/classes} and {@code target/dependency}).
     */
    static URL[] codeOf(FunctionDef function, Path buildDir) {
        List<Path> entries = new ArrayList<>();
        Path built = buildDir == null ? null : buildDir.resolve(function.logicalId());
        if (built != null && Files.isDirectory(built)) {
            entries.add(built);
            entries.addAll(jars(built.resolve("lib")));
        } else if (Files.isDirectory(function.codeUri().resolve("target/classes"))) {
            Path dependencies = function.codeUri().resolve("target/dependency");
            if (!Files.isDirectory(dependencies)) {
                throw new TemplateException("function " + function.logicalId() + ": " + dependencies + " is missing; run"
                        + " `mvn package dependency:copy-dependencies -DincludeScope=runtime` in " + function.codeUri()
                        + ", or `sam build`");
            }
            entries.add(function.codeUri().resolve("target/classes"));
            entries.addAll(jars(dependencies));
        } else {
            throw new TemplateException("function " + function.logicalId() + " is not built: no "
                    + function.codeUri().resolve("target/classes") + (built == null ? "" : " and no " + built)
                    + "; build it with `mvn package` (and copy its dependencies) or `sam build`");
        }
        return entries.stream().map(path -> {
            try {
                return path.toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        }).toArray(URL[]::new);
    }

    private static List<Path> jars(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Loads the handler once, so an unknown class or method fails at start, naming the function. */
    void check() {
        release(acquire());
    }

    @Override
    public Result invoke(byte[] event) {
        String lambdaRequestId = UUID.randomUUID().toString();
        Environment environment = acquire();
        // Lambda reports an environment's init in the REPORT of its first invocation.
        long initNanos = environment.reported ? 0 : environment.initNanos;
        environment.reported = true;
        PlatformLog.start(function, lambdaRequestId);
        long started = System.nanoTime();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(environment.loader);
        byte[] payload;
        boolean failed = false;
        try {
            payload = environment.call.invoke(event, new LocalContext(function, lambdaRequestId));
        } catch (Throwable thrown) {
            // A named-method handler is called reflectively: report the handler's own exception.
            Throwable failure = thrown instanceof InvocationTargetException ite && ite.getCause() != null
                    ? ite.getCause() : thrown;
            failed = true;
            payload = errorPayload(failure);
            PlatformLog.error(failure);
        } finally {
            thread.setContextClassLoader(previous);
            release(environment);
        }
        PlatformLog.end(function, lambdaRequestId, System.nanoTime() - started, initNanos, failed);
        return new Result(lambdaRequestId, payload, failed);
    }

    private Environment acquire() {
        synchronized (idle) {
            while (idle.isEmpty() && environments >= MAX_ENVIRONMENTS) {
                try {
                    idle.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            if (!idle.isEmpty()) {
                return idle.pop();
            }
            environments++;
        }
        try {
            return new Environment(function, code);
        } catch (RuntimeException | Error e) {
            synchronized (idle) {
                environments--;
                idle.notifyAll();
            }
            throw e;
        }
    }

    private void release(Environment environment) {
        synchronized (idle) {
            idle.push(environment);
            idle.notifyAll();
        }
    }

    /** The error document the Java runtime returns for an unhandled exception. */
    static byte[] errorPayload(Throwable cause) {
        var node = Events.JSON.createObjectNode();
        node.put("errorMessage", cause.getMessage() == null ? cause.getClass().getName() : cause.getMessage());
        node.put("errorType", cause.getClass().getName());
        var trace = node.putArray("stackTrace");
        for (StackTraceElement element : cause.getStackTrace()) {
            trace.add(element.toString());
        }
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** One execution environment: its own class loader, handler instance and static state. */
    private static final class Environment {
        final ClassLoader loader;
        final HandlerCall call;
        final long initNanos;
        boolean reported;

        Environment(FunctionDef function, URL[] code) {
            long started = System.nanoTime();
            this.loader = new FunctionClassLoader(code);
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(loader);
            try {
                this.call = HandlerCall.load(function, loader);
            } finally {
                thread.setContextClassLoader(previous);
            }
            this.initNanos = System.nanoTime() - started;
        }
    }

    /**
     * The function's own classes first; only the runtime's interfaces ({@code aws-lambda-java-core}) come
     * from the local API, so {@code Context} and {@code RequestHandler} are one type on both sides.
     */
    static final class FunctionClassLoader extends URLClassLoader {
        static {
            registerAsParallelCapable();
        }

        FunctionClassLoader(URL[] urls) {
            super(urls, ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            int dot = name.lastIndexOf('.');
            String pkg = dot < 0 ? "" : name.substring(0, dot);
            if (pkg.equals("com.amazonaws.services.lambda.runtime") || pkg.equals("com.amazonaws.services.lambda.runtime.logging")) {
                return InProcessFunction.class.getClassLoader().loadClass(name);
            }
            return super.loadClass(name, resolve);
        }
    }

    /** How to call one handler: stream, typed interface, or a named method, as the runtime decides. */
    interface HandlerCall {
        byte[] invoke(byte[] event, Context context) throws Exception;

        static HandlerCall load(FunctionDef function, ClassLoader loader) {
            String handler = function.handler();
            int sep = handler.indexOf("::");
            String className = sep < 0 ? handler : handler.substring(0, sep);
            String methodName = sep < 0 ? null : handler.substring(sep + 2);
            Class<?> type;
            Object instance;
            try {
                type = Class.forName(className, true, loader);
                instance = type.getDeclaredConstructor().newInstance();
            } catch (ClassNotFoundException e) {
                throw new TemplateException("function " + function.logicalId() + ": handler class " + className
                        + " is not in its code");
            } catch (ReflectiveOperationException | LinkageError e) {
                throw new TemplateException("function " + function.logicalId() + ": cannot create " + className + ": " + e);
            }
            if (methodName == null) {
                if (instance instanceof RequestStreamHandler stream) {
                    return (event, context) -> {
                        ByteArrayOutputStream out = new ByteArrayOutputStream();
                        stream.handleRequest(new ByteArrayInputStream(event), out, context);
                        return out.toByteArray();
                    };
                }
                if (instance instanceof RequestHandler<?, ?> typed) {
                    Type[] args = interfaceArguments(type, RequestHandler.class);
                    Type input = args == null ? Object.class : args[0];
                    Type output = args == null ? Object.class : args[1];
                    @SuppressWarnings("unchecked")
                    RequestHandler<Object, Object> h = (RequestHandler<Object, Object>) typed;
                    return (event, context) -> serialize(output, h.handleRequest(deserialize(input, event, loader), context), loader);
                }
                throw new TemplateException("function " + function.logicalId() + ": " + className
                        + " implements neither RequestHandler nor RequestStreamHandler");
            }
            return methodCall(function, type, instance, methodName, loader);
        }

        /** Like the runtime: the non-bridge overload with the longest signature (Context counted extra). */
        private static HandlerCall methodCall(FunctionDef function, Class<?> type, Object instance, String name,
                ClassLoader loader) {
            Method method = Arrays.stream(type.getMethods())
                    .filter(m -> m.getName().equals(name))
                    .min(Comparator.comparing(Method::isBridge)
                            .thenComparing(m -> -(m.getParameterCount()
                                    + (m.getParameterCount() > 0 && m.getParameterTypes()[m.getParameterCount() - 1]
                                            == Context.class ? 1 : 0))))
                    .orElseThrow(() -> new TemplateException("function " + function.logicalId() + ": no public method "
                            + name + " on " + type.getName()));
            Class<?>[] params = method.getParameterTypes();
            if (params.length >= 2 && params[0] == InputStream.class && params[1] == OutputStream.class) {
                return (event, context) -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    Object[] args = params.length == 3
                            ? new Object[] {new ByteArrayInputStream(event), out, context}
                            : new Object[] {new ByteArrayInputStream(event), out};
                    method.invoke(instance, args);
                    return out.toByteArray();
                };
            }
            // The declared (generic) parameter type, unresolved: a type variable is read as Object, i.e. a Map.
            Type input = params.length == 0 || params[0] == Context.class ? null : method.getGenericParameterTypes()[0];
            Type output = method.getGenericReturnType();
            return (event, context) -> {
                List<Object> args = new ArrayList<>();
                if (input != null) {
                    args.add(deserialize(input, event, loader));
                }
                if (params.length > args.size() && params[params.length - 1] == Context.class) {
                    args.add(context);
                }
                return serialize(output, method.invoke(instance, args.toArray()), loader);
            };
        }

        @SuppressWarnings("unchecked")
        private static Object deserialize(Type type, byte[] event, ClassLoader loader) {
            Class<?> raw = rawClass(type);
            PojoSerializer<Object> serializer = LambdaEventSerializers.isLambdaSupportedEvent(raw.getName())
                    ? (PojoSerializer<Object>) LambdaEventSerializers.serializerFor(raw, loader)
                    : (PojoSerializer<Object>) JacksonFactory.getInstance().getSerializer(raw == Object.class ? Object.class : type);
            return serializer.fromJson(new ByteArrayInputStream(event));
        }

        @SuppressWarnings("unchecked")
        private static byte[] serialize(Type declared, Object value, ClassLoader loader) {
            if (value == null) {
                return "null".getBytes(StandardCharsets.UTF_8);
            }
            Class<?> raw = rawClass(declared);
            if (raw == Object.class || raw == void.class) {
                raw = value.getClass();
            }
            PojoSerializer<Object> serializer = LambdaEventSerializers.isLambdaSupportedEvent(raw.getName())
                    ? (PojoSerializer<Object>) LambdaEventSerializers.serializerFor(raw, loader)
                    : (PojoSerializer<Object>) JacksonFactory.getInstance().getSerializer(raw);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            serializer.toJson(value, out);
            return out.toByteArray();
        }

        private static Class<?> rawClass(Type type) {
            if (type instanceof Class<?> c) {
                return c;
            }
            if (type instanceof ParameterizedType p) {
                return (Class<?>) p.getRawType();
            }
            return Object.class;
        }

        /** The type arguments {@code concrete} gives {@code iface}, following superclasses and interfaces. */
        static Type[] interfaceArguments(Class<?> concrete, Class<?> iface) {
            Map<TypeVariable<?>, Type> bound = new HashMap<>();
            for (Class<?> c = concrete; c != null; c = c.getSuperclass()) {
                Type[] found = search(c, iface, bound);
                if (found != null) {
                    return found;
                }
                bind(c.getGenericSuperclass(), bound);
            }
            return null;
        }

        private static Type[] search(Class<?> c, Class<?> iface, Map<TypeVariable<?>, Type> bound) {
            for (Type t : c.getGenericInterfaces()) {
                if (t instanceof ParameterizedType p && p.getRawType() == iface) {
                    return Arrays.stream(p.getActualTypeArguments()).map(a -> a instanceof TypeVariable<?> v
                            ? bound.getOrDefault(v, Object.class) : a).toArray(Type[]::new);
                }
                if (t instanceof ParameterizedType p && p.getRawType() instanceof Class<?> sub && iface.isAssignableFrom(sub)) {
                    bind(p, bound);
                    Type[] found = search(sub, iface, bound);
                    if (found != null) {
                        return found;
                    }
                }
            }
            return null;
        }

        private static void bind(Type superType, Map<TypeVariable<?>, Type> bound) {
            if (superType instanceof ParameterizedType p) {
                TypeVariable<?>[] vars = ((Class<?>) p.getRawType()).getTypeParameters();
                Type[] args = p.getActualTypeArguments();
                for (int i = 0; i < vars.length; i++) {
                    bound.put(vars[i], args[i] instanceof TypeVariable<?> v ? bound.getOrDefault(v, Object.class) : args[i]);
                }
            }
        }
    }

    /** The Lambda context of a local invocation. */
    private static final class LocalContext implements Context {
        private final FunctionDef function;
        private final String requestId;
        private final long deadline;

        LocalContext(FunctionDef function, String requestId) {
            this.function = function;
            this.requestId = requestId;
            this.deadline = System.currentTimeMillis() + function.timeoutSeconds() * 1000L;
        }

        @Override
        public String getAwsRequestId() {
            return requestId;
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/" + function.logicalId();
        }

        @Override
        public String getLogStreamName() {
            return "local/[$LATEST]" + Integer.toHexString(System.identityHashCode(this));
        }

        @Override
        public String getFunctionName() {
            return function.logicalId();
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-east-1:" + Events.ACCOUNT_ID + ":function:" + function.logicalId();
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return (int) Math.max(0, deadline - System.currentTimeMillis());
        }

        @Override
        public int getMemoryLimitInMB() {
            return function.memoryMb();
        }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override
                public void log(String message) {
                    System.out.print(message);
                }

                @Override
                public void log(byte[] message) {
                    System.out.print(new String(message, StandardCharsets.UTF_8));
                }
            };
        }
    }
}
