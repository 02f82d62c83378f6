package dev.orderreturns.functions;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The layering the code relies on, checked on every build: the domain is plain Java (no AWS SDK,
 * Lambda, JSON, logging or metrics types), and the handlers reach the adapters only through their
 * public entry points, wired in one place ({@code Wiring}), never through their internals.
 */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.orderreturns");

    @Test
    void theDomainImportsNoInfrastructure() {
        noClasses().that().resideInAPackage("dev.orderreturns.domain..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "software.amazon..", "com.amazonaws..", "com.fasterxml..", "dev.orderreturns.log..",
                        "dev.orderreturns.store..", "dev.orderreturns.queue..", "dev.orderreturns.providers..",
                        "dev.orderreturns.events..", "dev.orderreturns.aws..", "dev.orderreturns.functions..",
                        "org.slf4j..", "java.util.logging..",
                        "java.lang.System.Logger", "java.net..", "java.sql..")
                .because("the returns rules are plain Java behind ports the domain owns; the edge logs")
                .check(CLASSES);
    }

    @Test
    void theDomainWritesNothingToTheConsole() {
        noClasses().that().resideInAPackage("dev.orderreturns.domain..")
                .should().accessField(System.class, "out").orShould().accessField(System.class, "err")
                .because("business code never logs; handlers report its outcomes")
                .check(CLASSES);
    }

    @Test
    void handlersReachAdaptersOnlyThroughTheWiring() {
        noClasses().that().resideInAPackage("dev.orderreturns.functions..")
                .and(not(belongToAnyOf(Wiring.class)))
                .should().dependOnClassesThat().resideInAnyPackage("dev.orderreturns.store..",
                        "dev.orderreturns.queue..", "dev.orderreturns.providers..", "dev.orderreturns.events..",
                        "dev.orderreturns.aws..")
                .because("routes and reports talk to the domain's ports, not to DynamoDB, SQS or HTTP clients")
                .check(CLASSES);
    }

    @Test
    void adaptersDoNotDependOnTheHandlers() {
        noClasses().that().resideInAnyPackage("dev.orderreturns.store..", "dev.orderreturns.queue..",
                        "dev.orderreturns.providers..", "dev.orderreturns.events..", "dev.orderreturns.aws..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.orderreturns.functions..",
                        "dev.orderreturns.log..")
                .check(CLASSES);
    }
}
