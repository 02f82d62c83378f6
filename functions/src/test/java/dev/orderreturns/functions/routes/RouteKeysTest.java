package dev.orderreturns.functions.routes;

import dev.orderreturns.domain.ReturnDesk;
import dev.orderreturns.functions.http.Route;
import dev.orderreturns.functions.http.Unmatched;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The handlers dispatch on API Gateway's route key, so the routes they serve must be exactly the
 * HttpApi routes template.yaml declares, each by the function the template maps it to.
 */
class RouteKeysTest {

    private static final ReturnDesk NO_DESK = new ReturnDesk(null, null, Clock.systemUTC(), () -> "x");

    @Test
    void theHandlersServeExactlyTheTemplatesRoutesEachInItsFunction() throws IOException {
        Map<String, Set<String>> declared = templateRoutes();
        assertEquals(keys(ApiRoutes.commands(NO_DESK, () -> "x", Clock.systemUTC())), declared.get("WriteApiFunction"));
        Set<String> queries = keys(ApiRoutes.queries(NO_DESK, null));
        queries.add(Unmatched.ROUTE_KEY);
        assertEquals(queries, declared.get("ReadApiFunction"));
        Set<String> all = declared.values().stream().flatMap(Set::stream).collect(Collectors.toCollection(TreeSet::new));
        all.remove(Unmatched.ROUTE_KEY);
        assertEquals(all, new TreeSet<>(ApiRoutes.KEYS), "the catch-all knows every other route");
    }

    private static Set<String> keys(List<Route> routes) {
        return routes.stream().map(Route::routeKey).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Function logical id → the route keys of its HttpApi events. */
    @SuppressWarnings("unchecked")
    private static Map<String, Set<String>> templateRoutes() throws IOException {
        Path template = Stream.of(Path.of("template.yaml"), Path.of("../template.yaml")).filter(Files::isRegularFile)
                .findFirst().orElseThrow();
        // CloudFormation's short tags (!Ref, !GetAtt, ...) read as plain values: only the routes matter here.
        ConstructNode plain = new ConstructNode() {
            @Override
            public Object construct(Node node) {
                return node.toString();
            }
        };
        Map<Tag, ConstructNode> tags = new HashMap<>();
        for (String tag : List.of("Ref", "GetAtt", "Sub", "If", "Not", "Equals", "Or", "And", "Condition", "Join",
                "Select", "Split", "FindInMap", "ImportValue", "GetAZs", "Base64", "Cidr")) {
            tags.put(new Tag("!" + tag), plain);
        }
        Load load = new Load(LoadSettings.builder().setTagConstructors(tags).build());
        Map<String, Object> root = (Map<String, Object>) load.loadFromString(Files.readString(template));
        Map<String, Set<String>> routes = new HashMap<>();
        ((Map<String, Object>) root.get("Resources")).forEach((id, value) -> {
            Map<String, Object> resource = (Map<String, Object>) value;
            if (!"AWS::Serverless::Function".equals(resource.get("Type"))) {
                return;
            }
            Map<String, Object> properties = (Map<String, Object>) resource.get("Properties");
            Map<String, Object> events = (Map<String, Object>) Optional.ofNullable(properties.get("Events"))
                    .orElse(Map.of());
            for (Object e : events.values()) {
                Map<String, Object> event = (Map<String, Object>) e;
                if ("HttpApi".equals(event.get("Type"))) {
                    Map<String, Object> p = (Map<String, Object>) event.get("Properties");
                    routes.computeIfAbsent(id, k -> new TreeSet<>()).add(p.get("Method") + " " + p.get("Path"));
                }
            }
        });
        return routes;
    }
}
