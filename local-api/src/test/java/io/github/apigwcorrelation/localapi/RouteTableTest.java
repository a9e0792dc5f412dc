package io.github.apigwcorrelation.localapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** API Gateway's route precedence: literal over parameter over greedy, a method over ANY. */
class RouteTableTest {
    private static final FunctionDef FN = new FunctionDef("Fn", "x.Y", Path.of("."), "java21", Map.of(), 128, 3, "Text");

    private static Route route(String method, String path) {
        return new Route("Api", Route.Kind.REST, method, path, FN, Integration.PROXY, "dev");
    }

    @Test
    void theMostSpecificRouteWins() {
        RouteTable table = new RouteTable(List.of(route("ANY", "/{proxy+}"), route("GET", "/orders/{id}"),
                route("GET", "/orders/special"), route("ANY", "/orders/{id}")));
        boolean[] exists = new boolean[1];

        assertThat(table.match("GET", "/orders/special", exists).route().path()).isEqualTo("/orders/special");
        RouteTable.Match byId = table.match("GET", "/orders/a%2Fb", exists);
        assertThat(byId.route().method()).isEqualTo("GET");
        assertThat(byId.pathParameters()).containsEntry("id", "a/b");
        assertThat(table.match("DELETE", "/orders/7", exists).route().method()).isEqualTo("ANY");
        RouteTable.Match greedy = table.match("POST", "/a/b/c", exists);
        assertThat(greedy.route().path()).isEqualTo("/{proxy+}");
        assertThat(greedy.pathParameters()).containsEntry("proxy", "a/b/c");
    }

    @Test
    void aKnownPathWithAnotherMethodIsToldApartFromAnUnknownPath() {
        RouteTable table = new RouteTable(List.of(route("GET", "/orders")));
        boolean[] exists = new boolean[1];
        assertThat(table.match("POST", "/orders", exists)).isNull();
        assertThat(exists[0]).isTrue();
        boolean[] missing = new boolean[1];
        assertThat(table.match("GET", "/nothing", missing)).isNull();
        assertThat(missing[0]).isFalse();
    }
}
