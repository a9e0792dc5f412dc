package io.github.apigwcorrelation.docs;

import static org.assertj.core.api.Assertions.assertThat;


import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The coordinates the README shows (the Maven and Gradle snippets in {@code tests/src/test/resources/docs/}) name
 * artifacts this build really makes, at the version it makes them.
 */
class CoordinatesTest {
    private static final Path DOCS = Repository.root().resolve("tests/src/test/resources/docs");
    private static final Pattern GRADLE = Pattern.compile("\"([\\w.-]+):([\\w.-]+):([\\w.-]+)\"");

    /** @return group:artifact:version of every module under library/ that is published */
    private static List<String> published() throws Exception {
        List<String> coordinates = new ArrayList<>();
        String version = text(pom(Repository.root().resolve("pom.xml")), "version");
        try (Stream<Path> modules = Files.list(Repository.root().resolve("library"))) {
            for (Path module : modules.filter(dir -> Files.exists(dir.resolve("pom.xml"))).toList()) {
                Document pom = pom(module.resolve("pom.xml"));
                coordinates.add("io.github.apigwcorrelation:" + text(pom, "artifactId") + ":" + version);
            }
        }
        return coordinates;
    }

    static Stream<String> mavenCoordinates() throws Exception {
        Document snippet = pom(DOCS.resolve("dependencies.xml"));
        NodeList dependencies = snippet.getElementsByTagName("dependency");
        List<String> coordinates = new ArrayList<>();
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            coordinates.add(child(dependency, "groupId") + ":" + child(dependency, "artifactId") + ":"
                    + child(dependency, "version"));
        }
        return coordinates.stream();
    }

    static Stream<String> gradleCoordinates() throws Exception {
        List<String> coordinates = new ArrayList<>();
        Matcher matcher = GRADLE.matcher(Files.readString(DOCS.resolve("build.gradle.kts")));
        while (matcher.find()) {
            coordinates.add(matcher.group(1) + ":" + matcher.group(2) + ":" + matcher.group(3));
        }
        return coordinates.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mavenCoordinates")
    void a_maven_dependency_of_the_readme_is_an_artifact_of_this_build(String coordinates) throws Exception {
        assertThat(published()).contains(coordinates);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gradleCoordinates")
    void a_gradle_dependency_of_the_readme_is_an_artifact_of_this_build(String coordinates) throws Exception {
        assertThat(published()).contains(coordinates);
    }

    private static Document pom(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }

    /** The project's own element (a direct child of the root), not the parent's. */
    private static String text(Document pom, String name) {
        return child(pom.getDocumentElement(), name);
    }

    private static String child(Element parent, String name) {
        NodeList children = parent.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element element && element.getTagName().equals(name)) {
                return element.getTextContent().trim();
            }
        }
        throw new AssertionError("no <" + name + "> in " + parent.getTagName());
    }
}
