package org.loomdns
import spock.lang.Specification
class SmokeSpec extends Specification { def "works"() { expect: 1 + 1 == 2 } }
