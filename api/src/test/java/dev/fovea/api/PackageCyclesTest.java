package dev.fovea.api;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The api's packages depend on each other in one direction only (spec and status at the bottom, then hyperparameters,
 * validation and contract), so that each can be read, and changed, without the ones above it.
 */
class PackageCyclesTest {

    @Test
    void noTwoApiPackagesDependOnEachOther() {
        JavaClasses api = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.fovea.api");

        // "(**)" makes every package its own slice, dev.fovea.api itself included
        slices().matching("dev.fovea.(**)").should().beFreeOfCycles().check(api);
    }
}
