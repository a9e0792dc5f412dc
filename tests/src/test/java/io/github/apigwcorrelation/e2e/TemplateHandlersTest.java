package io.github.apigwcorrelation.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.github.apigwcorrelation.CorrelatedRequestHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The template and the sample agree: every {@code Handler} names a class (and method) the runtime can call. */
class TemplateHandlersTest {
    private static final Pattern HANDLER =
            Pattern.compile("(?m)^\\s+Handler:\\s*['\"]?([\\w.$]+)(?:::(\\w+))?['\"]?\\s*$");
    private static final Pattern CODE_URI = Pattern.compile("(?m)^\\s+CodeUri:\\s*['\"]?([^'\"\\s]+)");

    @Test
    void every_handler_in_the_template_names_a_real_class_and_method_of_the_sample() throws Exception {
        String template = Files.readString(SampleRoutes.repoRoot().resolve("template.yaml"));
        List<String> handlers = new ArrayList<>();
        Matcher m = HANDLER.matcher(template);
        while (m.find()) {
            String className = m.group(1);
            String methodName = m.group(2);
            handlers.add(className);
            Class<?> type = Class.forName(className);
            assertThat(Modifier.isAbstract(type.getModifiers())).as(className + " is concrete").isFalse();
            assertThat(type.getConstructor()).as(className + " has a public no-argument constructor").isNotNull();
            if (CorrelatedRequestHandler.class.isAssignableFrom(type)) {
                // With "::method" the runtime deserializes for the base class's erased handleRequest: a Map.
                assertThat(methodName).as(className + " must be named without ::method").isNull();
                continue;
            }
            if (methodName == null) {
                assertThat(RequestHandler.class.isAssignableFrom(type) || RequestStreamHandler.class.isAssignableFrom(type))
                        .as(className + " implements a handler interface").isTrue();
                continue;
            }
            List<Method> methods = Arrays.stream(type.getMethods())
                    .filter(method -> method.getName().equals(methodName) && !method.isBridge()).toList();
            assertThat(methods).as(className + "::" + methodName).isNotEmpty();
            if (RequestStreamHandler.class.isAssignableFrom(type)) {
                assertThat(type.getMethod(methodName, InputStream.class, OutputStream.class, Context.class)
                        .getExceptionTypes()).containsOnly(IOException.class);
            } else {
                assertThat(RequestHandler.class).isAssignableFrom(type);
                assertThat(methods).anySatisfy(method -> assertThat(method.getParameterTypes()[1]).isEqualTo(Context.class));
            }
        }
        assertThat(handlers).as("handlers in template.yaml").containsAll(
                SampleRoutes.HANDLERS.values().stream().map(Class::getName).toList());

        Matcher codeUri = CODE_URI.matcher(template);
        assertThat(codeUri.find()).as("a CodeUri in template.yaml").isTrue();
        do {
            assertThat(SampleRoutes.repoRoot().resolve(codeUri.group(1)).resolve("pom.xml")).as("CodeUri").exists();
        } while (codeUri.find());
    }
}
