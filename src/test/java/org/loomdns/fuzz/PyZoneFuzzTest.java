package org.loomdns.fuzz;

import static org.junit.jupiter.api.Assertions.assertNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.util.Map;
import org.loomdns.zone.dsl.GroovyZoneLoader;

/**
 * Any bytes as a Twisted pyzone (.py) file load or fail with a ZoneLoadException naming the file,
 * and run no code: a .py zone is data. The corpus holds files that tried to run code (a script
 * method, an annotation); each sets {@link #CANARY} if it gets to run.
 */
class PyZoneFuzzTest {

  static final String CANARY = "loomdns.fuzz.ran";

  @FuzzTest
  void load(byte[] data) throws IOException {
    FuzzFiles.loadZone("fuzz.example.py", data, Map.of(), GroovyZoneLoader::load);
    assertNull(System.getProperty(CANARY), "a .py zone ran code");
  }
}
