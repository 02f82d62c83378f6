package dev.orderreturns.local;

import dev.orderreturns.local.SamTemplate.Fn;
import dev.orderreturns.local.SamTemplate.Ref;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * template.yaml's one switch between the two runtimes (issue 10): the Runtime parameter chooses, per
 * function, Lambda's runtime, the architecture, the provided-aot layer and SnapStart; and the pieces
 * outside the template that the switch relies on agree with it (the layer's file, the JVM flags the
 * AOT caches were trained with).
 */
class RuntimeChoiceTemplateTest {

    private static final Set<String> SNAPSTARTED = Set.of("WriteApiFunction", "ReadApiFunction", "RefundProcessorFunction");
    private static final Fn PROVIDED_AOT = new Fn("Equals", List.of(new Ref("Runtime"), "provided-aot"));

    private final SamTemplate template = SamTemplate.load(TestHttp.realTemplate());
    private final Map<String, Object> resources = SamTemplate.map(template.raw().get("Resources"), "Resources");

    private static Fn ifAot(Object whenAot, Object otherwise) {
        return new Fn("If", List.of("ProvidedAot", whenAot, otherwise));
    }

    private Map<String, Object> properties(String id) {
        return SamTemplate.map(SamTemplate.map(resources.get(id), id).get("Properties"), id + ".Properties");
    }

    @Test
    void theRuntimeParameterOffersBothAndDefaultsToTheManagedRuntime() {
        Map<String, Object> parameter = SamTemplate.map(SamTemplate.map(template.raw().get("Parameters"), "Parameters")
                .get("Runtime"), "Runtime");
        assertEquals("String", parameter.get("Type"));
        assertEquals(List.of("managed-snapstart", "provided-aot"), parameter.get("AllowedValues"));
        assertEquals("managed-snapstart", template.parameterDefault("Runtime").orElseThrow());
        assertTrue(parameter.get("Description") instanceof String d && d.contains("x86_64") && d.contains("arm64")
                && d.contains("-Paot-runtime"), "says what each choice means");
        assertEquals(PROVIDED_AOT, SamTemplate.map(template.raw().get("Conditions"), "Conditions").get("ProvidedAot"));
    }

    @Test
    void everyFunctionTakesRuntimeArchitectureAndLayerFromTheParameter() {
        Map<String, Object> globals = SamTemplate.map(SamTemplate.map(template.raw().get("Globals"), "Globals").get("Function"), "Function");
        assertFalse(globals.containsKey("Runtime") || globals.containsKey("Architectures") || globals.containsKey("Layers"),
                "set per function: SAM does not resolve !If in Globals");
        assertEquals(4, template.functions().size());
        for (String function : template.functions().keySet()) {
            Map<String, Object> p = properties(function);
            assertEquals(ifAot("provided.al2023", "java25"), p.get("Runtime"), function);
            assertEquals(ifAot(List.of("x86_64"), List.of("arm64")), p.get("Architectures"), function);
            assertEquals(ifAot(List.of(new Ref("AotRuntimeLayer")), new Ref("AWS::NoValue")), p.get("Layers"), function);
            if (SNAPSTARTED.contains(function)) {
                assertEquals("live", p.get("AutoPublishAlias"), function + ": its events go to the alias SnapStart restores");
                assertEquals(Map.of("ApplyOn", ifAot("None", "PublishedVersions")), p.get("SnapStart"), function);
            } else {
                assertFalse(p.containsKey("SnapStart") || p.containsKey("AutoPublishAlias"),
                        function + " runs every 5 minutes and stays as it was");
            }
        }
    }

    @Test
    void theLayerExistsOnlyForProvidedAotAndNamesTheFileTheBuildsWrite() throws IOException {
        Map<String, Object> layer = SamTemplate.map(resources.get("AotRuntimeLayer"), "AotRuntimeLayer");
        assertEquals("AWS::Serverless::LayerVersion", layer.get("Type"));
        assertEquals("ProvidedAot", layer.get("Condition"));
        Map<String, Object> p = properties("AotRuntimeLayer");
        assertEquals(List.of("provided.al2023"), p.get("CompatibleRuntimes"));
        assertEquals(List.of("x86_64"), p.get("CompatibleArchitectures"));
        String content = (String) p.get("ContentUri");
        assertEquals("functions/target/provided-aot-layer.zip", content);
        Path root = TestHttp.realTemplate().getParent();
        // the default build leaves a placeholder there, -Paot-runtime the real runtime
        assertTrue(Files.readString(root.resolve("functions/pom.xml")).contains("${project.build.directory}/provided-aot-layer.zip"));
        assertTrue(Files.readString(root.resolve("aot-runtime/pom.xml")).contains("/" + content));
    }

    /** An AOT cache only loads into a JVM started with the flags it was trained with; Lambda passes JAVA_TOOL_OPTIONS too. */
    @Test
    void theBootstrapPassesTheTemplatesJvmFlags() throws IOException {
        String options = (String) SamTemplate.map(SamTemplate.map(SamTemplate.map(SamTemplate.map(template.raw().get("Globals"),
                "Globals").get("Function"), "Function").get("Environment"), "Environment").get("Variables"), "Variables")
                .get("JAVA_TOOL_OPTIONS");
        String bootstrap = Files.readString(TestHttp.realTemplate().getParent()
                .resolve("aot-runtime/src/main/resources/dev/orderreturns/aot/bootstrap"));
        for (String flag : options.split("\\s+")) {
            assertTrue(bootstrap.contains(flag), "the bootstrap passes " + flag);
        }
    }
}
