package org.plutro.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.vertx.sqlclient.SqlClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layout's rules that a compiler does not check (issue 19): layers only point down, no two
 * packages depend on each other, SQL lives in {@code store/} (and {@code db/} for start-up), and
 * the federation library knows nothing of the server. The README's "How the code is laid out"
 * draws the same picture.
 */
class ArchitectureTest {
  private static final String STORE = "org.plutro.server.store..";
  private static final String DB = "org.plutro.server.db..";

  /** A call that runs SQL: query or preparedQuery on a Vert.x SqlClient (a Pool, a connection...). */
  private static final DescribedPredicate<JavaMethodCall> RUNS_SQL =
      new DescribedPredicate<>("run SQL (query or preparedQuery on a SqlClient, Pool or SqlConnection)") {
        @Override
        public boolean test(JavaMethodCall call) {
          return (call.getName().equals("query") || call.getName().equals("preparedQuery"))
              && call.getTargetOwner().isAssignableTo(SqlClient.class);
        }
      };

  private static final String SQL_TEMPLATE = "io.vertx.sqlclient.templates.SqlTemplate";

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("org.plutro");
  }

  @Test
  void sqlLivesInStoresOnly() {
    ArchRule rule = noClasses().that().resideOutsideOfPackages(STORE, DB)
        .should().callMethodWhere(RUNS_SQL)
        .orShould().dependOnClassesThat().haveFullyQualifiedName(SQL_TEMPLATE)
        .because("SQL lives in store/ (db/ for start-up): routes, entities and services call a store");
    rule.check(classes);
  }

  @Test
  void storesDoNotDependOnServicesOrHttp() {
    noClasses().that().resideInAPackage(STORE)
        .should().dependOnClassesThat().resideInAnyPackage("org.plutro.server.service..", "org.plutro.server.http..")
        .because("layers point down: http -> service -> store -> db")
        .check(classes);
  }

  /**
   * Who may call whom, top to bottom. The composition root (the package org.plutro.server itself)
   * builds everything and is called by nothing; HTTP and the command line are called only by it.
   */
  @Test
  void layersOnlyPointDown() {
    layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("Root").definedBy("org.plutro.server")
        .layer("Cli").definedBy("org.plutro.server.cli..")
        .layer("Http").definedBy("org.plutro.server.http..")
        .layer("Inbound").definedBy("org.plutro.server.federation.inbox..",
            "org.plutro.server.federation.handler..", "org.plutro.server.c2s..")
        .layer("Services").definedBy("org.plutro.server.service..")
        .layer("Remote").definedBy("org.plutro.server.federation.remote..")
        .layer("Documents").definedBy("org.plutro.server.federation.mapper..")
        .layer("Infrastructure").definedBy("org.plutro.server.delivery..", "org.plutro.server.queue..",
            "org.plutro.server.media..", "org.plutro.server.observe..", "org.plutro.server.mail..")
        .layer("Policy").definedBy("org.plutro.server.policy..")
        .layer("Store").definedBy(STORE)
        .layer("Db").definedBy(DB)
        .whereLayer("Root").mayNotBeAccessedByAnyLayer()
        .whereLayer("Cli").mayOnlyBeAccessedByLayers("Root")
        .whereLayer("Http").mayOnlyBeAccessedByLayers("Root")
        .whereLayer("Inbound").mayOnlyBeAccessedByLayers("Root", "Http")
        .whereLayer("Services").mayOnlyBeAccessedByLayers("Root", "Cli", "Http", "Inbound")
        .whereLayer("Remote").mayOnlyBeAccessedByLayers("Root", "Cli", "Http", "Inbound", "Services")
        .whereLayer("Documents")
            .mayOnlyBeAccessedByLayers("Root", "Cli", "Http", "Inbound", "Services", "Remote")
        .whereLayer("Infrastructure").mayOnlyBeAccessedByLayers("Root", "Cli", "Http", "Inbound",
            "Services", "Remote", "Documents")
        .whereLayer("Policy").mayOnlyBeAccessedByLayers("Root", "Cli", "Http", "Inbound", "Services",
            "Remote", "Documents", "Infrastructure")
        .whereLayer("Store").mayOnlyBeAccessedByLayers("Root", "Cli", "Http", "Inbound", "Services",
            "Remote", "Documents", "Infrastructure", "Policy")
        .whereLayer("Db").mayOnlyBeAccessedByLayers("Root", "Cli", "Http", "Inbound", "Services",
            "Remote", "Documents", "Infrastructure", "Policy", "Store")
        .check(classes);
  }

  /** No two packages depend on each other, however indirectly: each can be read on its own. */
  @Test
  void packagesAreFreeOfCycles() {
    slices().matching("org.plutro.(**)").should().beFreeOfCycles()
        .check(classes);
  }

  @Test
  void theFederationLibraryKnowsNothingOfTheServer() {
    noClasses().that().resideInAPackage("org.plutro.federation..")
        .should().dependOnClassesThat().resideInAPackage("org.plutro.server..")
        .because("federation/ is a protocol library without storage, usable on its own")
        .check(classes);
  }
}
