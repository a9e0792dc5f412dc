package io.github.apigwcorrelation.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The template and the sample agree: every {@code Handler} names a class (and method) the runtime can call, found
 * in the build of that function's own {@code CodeUri} ({@code target/classes} and {@code target/dependency}, as
 * Lambda's {@code /var/task}), loaded apart from this test's class path as the runtime loads it.
 */
class TemplateHandlersTest {
    private static final Pattern FUNCTION = Pattern.compile(
            "(?m)^  (\\w+):\\n    Type: AWS::Serverless::Function\\n((?:    .*\\n|\\s*\\n)*)");
    private static final Pattern HANDLER =
            Pattern.compile("(?m)^\\s+Handler:\\s*['\"]?([\\w.$]+)(?:::(\\w+))?['\"]?\\s*$");
    private static final Pattern CODE_URI = Pattern.compile("(?m)^\\s+CodeUri:\\s*['\"]?([^'\"\\s]+)");

    /** @return each function's logical ID with its block of properties, and the Globals' CodeUri under "" */
    static Map<String, String> functions(String template) {
        Map<String, String> functions = new LinkedHashMap<>();
        Matcher m = FUNCTION.matcher(template);
        while (m.find()) {
            functions.put(m.group(1), m.group(2));
        }
        return functions;
    }

    @Test
    void every_handler_in_the_template_names_a_real_class_and_method_of_its_code_uri() throws Exception {
        String template = Files.readString(SampleRoutes.repoRoot().resolve("template.yaml"));
        Matcher globals = CODE_URI.matcher(template.substring(template.indexOf("Globals:"), template.indexOf("Resources:")));
        assertThat(globals.find()).as("a CodeUri in the Globals").isTrue();
        String defaultCodeUri = globals.group(1);
        Map<String, String> functions = functions(template);
        assertThat(functions.keySet()).as("every function of the template, on both builds of the sample")
                .containsExactlyInAnyOrder("GetOrderFunction", "CreateOrderFunction", "ListOrdersFunction",
                        "FulfilOrderFunction", "GetOrderLogbackFunction", "CreateOrderLogbackFunction",
                        "ListOrdersLogbackFunction");
        List<String> checked = new ArrayList<>();
        for (Map.Entry<String, String> function : functions.entrySet()) {
            Matcher codeUri = CODE_URI.matcher(function.getValue());
            Path code = SampleRoutes.repoRoot().resolve(codeUri.find() ? codeUri.group(1) : defaultCodeUri);
            assertThat(code.resolve("pom.xml")).as(function.getKey() + " CodeUri").exists();
            Matcher handler = HANDLER.matcher(function.getValue());
            assertThat(handler.find()).as(function.getKey() + " Handler").isTrue();
            try (URLClassLoader loader = taskRoot(code)) {
                check(loader, handler.group(1), handler.group(2));
            }
            checked.add(code.getFileName() + ":" + handler.group(1));
        }
        for (Backend backend : Backend.values()) {
            for (Class<?> type : SampleRoutes.HANDLERS.values()) {
                assertThat(functions).as("the route's function on " + backend).containsKey(backend.function(type));
            }
        }
        assertThat(checked).contains("sample-function:com.example.orders.GetOrderHandler",
                "sample-function-logback:com.example.orders.GetOrderHandler",
                "sample-function:com.example.orders.FulfilOrderHandler");
        // The SQS consumer: one scope per record, so the library's base class for SQS.
        try (URLClassLoader loader = taskRoot(SampleRoutes.repoRoot().resolve("sample-function"))) {
            assertThat(Class.forName("io.github.apigwcorrelation.CorrelatedSqsHandler", false, loader))
                    .isAssignableFrom(Class.forName("com.example.orders.FulfilOrderHandler", false, loader));
        }
    }

    /**
     * One backend each: the Logback build's resolved class path (what {@code mvn package} copies to
     * {@code target/dependency}, and {@code sam build} to the function's {@code lib}) holds no Log4j2; the Log4j2
     * build's holds no Logback, and SLF4J only as the AWS SDK's logging API bound to Log4j2 (its lines go where the
     * function's go, with the IDs), with none of the SDK's HTTP clients but the JDK's URLConnection one.
     */
    @Test
    void each_build_of_the_sample_resolves_its_own_backend_only() throws IOException {
        List<String> logback = jars(SampleRoutes.repoRoot().resolve("sample-function-logback/target/dependency"));
        List<String> log4j2 = jars(SampleRoutes.repoRoot().resolve("sample-function/target/dependency"));

        assertThat(logback).anyMatch(jar -> jar.startsWith("ch.qos.logback.logback-classic-"))
                .anyMatch(jar -> jar.startsWith("io.github.apigwcorrelation.apigw-correlation-logback-"))
                .noneMatch(jar -> jar.contains("log4j"));
        assertThat(log4j2).anyMatch(jar -> jar.startsWith("org.apache.logging.log4j.log4j-core-"))
                .anyMatch(jar -> jar.startsWith("io.github.apigwcorrelation.apigw-correlation-log4j2-"))
                .noneMatch(jar -> jar.contains("logback") || jar.contains("netty") || jar.contains("apache5-client")
                        || jar.contains("httpclient") || jar.contains("httpcore"))
                .anyMatch(jar -> jar.startsWith("software.amazon.awssdk.url-connection-client-"))
                .anyMatch(jar -> jar.startsWith("io.github.apigwcorrelation.apigw-correlation-propagation-"))
                .filteredOn(jar -> jar.contains("slf4j"))
                .satisfiesExactlyInAnyOrder(jar -> assertThat(jar).startsWith("org.slf4j.slf4j-api-1."),
                        jar -> assertThat(jar).startsWith("org.apache.logging.log4j.log4j-slf4j-impl-"));
    }

    private static List<String> jars(Path folder) throws IOException {
        assertThat(folder).as("the build of the sample (mvn package)").isDirectory();
        try (Stream<Path> jars = Files.list(folder)) {
            return jars.map(jar -> jar.getFileName().toString()).sorted().toList();
        }
    }

    /** The function's code as Lambda lays it out, with nothing of this JVM's class path but the JDK. */
    private static URLClassLoader taskRoot(Path codeUri) throws IOException {
        Path classes = codeUri.resolve("target/classes");
        Path dependencies = codeUri.resolve("target/dependency");
        assertThat(classes).as("the build of " + codeUri + " (mvn package)").isDirectory();
        List<URL> urls = new ArrayList<>();
        urls.add(classes.toUri().toURL());
        try (Stream<Path> jars = Files.list(dependencies)) {
            for (Path jar : (Iterable<Path>) jars.sorted()::iterator) {
                urls.add(jar.toUri().toURL());
            }
        }
        return new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
    }

    private static void check(ClassLoader loader, String className, String methodName) throws Exception {
        Class<?> type = Class.forName(className, false, loader);
        Class<?> base = Class.forName("io.github.apigwcorrelation.CorrelatedRequestHandler", false, loader);
        Class<?> requestHandler = Class.forName("com.amazonaws.services.lambda.runtime.RequestHandler", false, loader);
        Class<?> streamHandler =
                Class.forName("com.amazonaws.services.lambda.runtime.RequestStreamHandler", false, loader);
        Class<?> context = Class.forName("com.amazonaws.services.lambda.runtime.Context", false, loader);
        assertThat(Modifier.isAbstract(type.getModifiers())).as(className + " is concrete").isFalse();
        assertThat(type.getConstructor()).as(className + " has a public no-argument constructor").isNotNull();
        if (base.isAssignableFrom(type)) {
            // With "::method" the runtime deserializes for the base class's erased handleRequest: a Map.
            assertThat(methodName).as(className + " must be named without ::method").isNull();
            return;
        }
        if (methodName == null) {
            assertThat(requestHandler.isAssignableFrom(type) || streamHandler.isAssignableFrom(type))
                    .as(className + " implements a handler interface").isTrue();
            return;
        }
        List<Method> methods = Arrays.stream(type.getMethods())
                .filter(method -> method.getName().equals(methodName) && !method.isBridge()).toList();
        assertThat(methods).as(className + "::" + methodName).isNotEmpty();
        if (streamHandler.isAssignableFrom(type)) {
            assertThat(type.getMethod(methodName, InputStream.class, OutputStream.class, context)
                    .getExceptionTypes()).containsOnly(IOException.class);
        } else {
            assertThat(requestHandler.isAssignableFrom(type)).isTrue();
            assertThat(methods).anySatisfy(method -> assertThat(method.getParameterTypes()[1]).isEqualTo(context));
        }
    }
}
