package org.loomdns

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses

import com.tngtech.archunit.base.DescribedPredicate
import com.tngtech.archunit.core.domain.JavaClasses
import com.tngtech.archunit.core.domain.JavaConstructorCall
import com.tngtech.archunit.core.importer.ClassFileImporter
import com.tngtech.archunit.core.importer.ImportOption
import org.loomdns.chain.Reusable
import org.loomdns.chain.ReusableAnswers
import spock.lang.Shared
import spock.lang.Specification

/**
 * The layering the package-info files describe, checked on every build: the server knows only
 * the chain, stages do not know each other, zone data knows no query path, and the client does
 * not pull in the server. A forbidden import fails the build here, naming the class and the line.
 */
class ArchitectureSpec extends Specification {

  static final List<String> STAGES = ['authority', 'hosts', 'cache', 'dynamic', 'forward']

  @Shared
  JavaClasses main = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages('org.loomdns')

  static String[] packages(List<String> names) {
    names.collect { "org.loomdns.${it}.." } as String[]
  }

  def "#who depends on none of #forbidden"() {
    when: 'a violation throws, naming the class, the dependency and the line'
    noClasses().that().resideInAPackage("org.loomdns.${who}..")
        .should().dependOnClassesThat().resideInAnyPackage(packages(forbidden))
        .because(why)
        .check(main)

    then:
    noExceptionThrown()

    where:
    who         | forbidden                                                              | why
    'server'    | STAGES + ['cli', 'update']                                             | 'the server knows only the chain'
    'chain'     | STAGES + ['server', 'cli', 'zone']                                     | 'the chain is the contract, not a stage'
    'authority' | (STAGES - 'authority') + ['server', 'cli']                             | 'stages do not know each other'
    'hosts'     | (STAGES - 'hosts') + ['server', 'cli', 'zone']                         | 'stages do not know each other'
    'cache'     | (STAGES - 'cache') + ['server', 'cli', 'zone']                         | 'stages do not know each other'
    'dynamic'   | (STAGES - 'dynamic') + ['server', 'cli', 'zone.bind']                  | 'stages do not know each other'
    'forward'   | (STAGES - 'forward') + ['server', 'cli', 'zone']                       | 'stages do not know each other'
    'zone'      | STAGES + ['chain', 'server', 'cli', 'client']                          | 'zone data knows no query path'
    'client'    | STAGES + ['chain', 'server', 'cli', 'zone']                            | 'the client does not pull in the server'
    'log'       | STAGES + ['chain', 'server', 'cli', 'zone', 'client', 'net', 'stats']  | 'logging knows nothing of DNS'
    'stats'     | STAGES + ['chain', 'server', 'cli', 'zone', 'client', 'net']           | 'the counts know nothing of DNS'
    'net'       | STAGES + ['chain', 'server', 'cli', 'zone', 'client']                  | 'address ranges are plain values'
    'dnsjava'   | STAGES + ['chain', 'server', 'cli', 'zone', 'client', 'net', 'stats', 'log'] | 'the adapter to dnsjava knows only dnsjava'
    'ratelimit' | STAGES + ['chain', 'server', 'cli', 'zone', 'client']                  | 'rate limiting reads reply bytes, nothing else'
    'tsig'      | STAGES + ['chain', 'server', 'cli', 'zone', 'client', 'net']           | 'keys are plain values'
    'units'     | STAGES + ['chain', 'server', 'cli', 'zone', 'client', 'net', 'stats']  | 'sizes are plain values'
    'acl'       | STAGES + ['chain', 'server', 'cli', 'zone', 'client']                  | 'access lists are plain values'
    'notify'    | STAGES + ['chain', 'server', 'cli', 'client']                          | 'NOTIFY out is told of zone changes, it answers no queries'
    'secondary' | (STAGES - 'authority') + ['server', 'cli', 'client']                   | 'a secondary publishes through ServedZones alone'
    'journal'   | STAGES + ['chain', 'server', 'cli', 'client', 'net']                   | 'a journal knows zone data alone'
    'signing'   | STAGES + ['server', 'cli', 'client', 'secondary', 'notify', 'journal', 'update'] | 'the signer knows zone data and the chain, not the stages it signs for'
    'metrics'   | STAGES + ['cli', 'zone', 'client', 'querylog', 'update', 'secondary', 'journal']   | 'metrics read stats types and watch the query path through QueryObserver'
    'querylog'  | STAGES + ['cli', 'zone', 'client', 'metrics', 'update', 'secondary', 'journal']   | 'query logs watch the query path through QueryObserver alone'
    'stats'     | ['metrics', 'querylog']                                                | 'the counts know nothing of who reads them'
    'config'    | STAGES + ['chain', 'server', 'cli', 'client', 'net', 'acl', 'tsig', 'update', 'notify', 'secondary', 'journal'] | 'the configuration file gives values; the command line wires them'
    'update'    | (STAGES - 'authority') + ['server', 'cli', 'client', 'secondary', 'notify', 'journal'] | 'an update publishes through ServedZones alone'
    'testkit'   | STAGES + ['chain', 'server', 'zone', 'update', 'secondary', 'notify', 'journal'] | 'the test kit starts loomdns through the command line\'s wiring and asks it as a client'
    'transferwire' | STAGES + ['chain', 'server', 'cli', 'zone', 'client', 'tsig']    | 'a transfer\'s kept bytes know records, bytes and wire lengths alone'
  }

  def "no main code depends on the test kit"() {
    when:
    noClasses().that().resideOutsideOfPackage('org.loomdns.testkit..')
        .should().dependOnClassesThat().resideInAPackage('org.loomdns.testkit..')
        .because('the test kit is for users\' specs; the server runs without it')
        .check(main)

    then:
    noExceptionThrown()
  }

  def "an answer is made reusable only in answerFor, which sees the question alone"() {
    when:
    noClasses().should().callConstructorWhere(new DescribedPredicate<JavaConstructorCall>('a Reusable made outside answerFor') {
      boolean test(JavaConstructorCall call) {
        call.targetOwner.isEquivalentTo(Reusable) &&
            !(call.origin.name == 'answerFor' && call.originOwner.isAssignableTo(ReusableAnswers))
      }
    }).because('only ReusableAnswers.answerFor(Question) may say an answer depends on the question alone')
        .check(main)

    then:
    noExceptionThrown()
  }

  def "the repository's top level holds only the agreed entries, so a tool's stray output is not committed"() {
    when:
    def git = new ProcessBuilder('git', 'ls-files').redirectErrorStream(true).start()
    Set<String> top = git.inputStream.readLines().collect { it.tokenize('/')[0] } as Set

    then:
    git.waitFor() == 0
    top.contains('src')
    top - ['src', 'zones', 'samples', 'docs', 'README.md', 'pom.xml', '.ci', 'LICENSE', 'mvnw', 'mvnw.cmd', '.mvn',
        '.gitignore'] == [] as Set
  }

  def "the classes were found, so the rules above checked something"() {
    expect:
    ['server', 'chain', 'zone', 'client', 'testkit', *STAGES].every { p -> main.any { it.packageName.startsWith("org.loomdns.${p}") } }
  }
}
