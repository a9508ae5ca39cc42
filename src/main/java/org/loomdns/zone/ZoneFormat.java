package org.loomdns.zone;

import java.nio.file.Path;
import org.loomdns.zone.bind.BindZoneLoader;
import org.loomdns.zone.dsl.GroovyZoneLoader;

/** The zone file formats we read, each with its loader. */
public enum ZoneFormat {
  BIND("--bindzone") {
    @Override
    public Zone load(Path file) throws ZoneLoadException {
      return BindZoneLoader.load(file);
    }
  },
  GROOVY("--pyzone") {
    @Override
    public Zone load(Path file) throws ZoneLoadException {
      return GroovyZoneLoader.load(file);
    }
  };

  private final String option;

  ZoneFormat(String option) {
    this.option = option;
  }

  /** The command-line option that names files of this format. */
  public String option() {
    return option;
  }

  public abstract Zone load(Path file) throws ZoneLoadException;
}
