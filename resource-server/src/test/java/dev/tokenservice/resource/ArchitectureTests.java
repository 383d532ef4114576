package dev.tokenservice.resource;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The resource server trusts the issuer through its JWKS and nothing else: it shares no code with the
 * auth server (only web-support and the token format), and its own packages form no cycle.
 */
@AnalyzeClasses(packages = "dev.tokenservice.resource", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	@ArchTest
	static final ArchRule noClassDependsOnTheAuthServer = noClasses().should()
		.dependOnClassesThat()
		.resideInAPackage("dev.tokenservice.auth..");

	@ArchTest
	static final ArchRule packagesAreFreeOfCycles = slices().matching("dev.tokenservice.resource.(*)..")
		.should()
		.beFreeOfCycles();

}
