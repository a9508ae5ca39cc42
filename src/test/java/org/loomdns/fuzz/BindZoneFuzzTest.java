package org.loomdns.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.loomdns.zone.bind.BindZoneLoader;

/**
 * Any text as a BIND zone file loads into a zone or fails with a ZoneLoadException naming the
 * file (and the line, where the mistake is on one); nothing else escapes and no input hangs.
 */
class BindZoneFuzzTest {

  /** A second file of the same directory, for {@code $INCLUDE inc.zone} to find. */
  private static final String INCLUDED = "$ORIGIN sub.example.com.\nwww 60 IN A 192.0.2.9\n";

  @FuzzTest
  void load(byte[] data) throws IOException {
    String text = new String(data, StandardCharsets.ISO_8859_1);
    if (readsOutside(text)) {
      return;
    }
    FuzzFiles.loadZone("example.com.zone", data, Map.of("inc.zone", INCLUDED), BindZoneLoader::load);
  }

  /**
   * Whether an {@code $INCLUDE} could name a file outside the target's directory: an absolute path
   * or {@code ..} needs a slash, so a file with both is skipped (the loader reads what it is told).
   */
  static boolean readsOutside(String text) {
    return text.toLowerCase(Locale.ROOT).contains("$include") && (text.indexOf('/') >= 0 || text.indexOf('\\') >= 0);
  }
}
