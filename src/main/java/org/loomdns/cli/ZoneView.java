package org.loomdns.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.loomdns.acl.Acl;
import org.loomdns.authority.ServedZones;
import org.loomdns.authority.ZoneCatalog;
import org.loomdns.authority.ZoneSet;
import org.loomdns.chain.Resolver;
import org.loomdns.chain.Views;
import org.loomdns.config.ConfigException;
import org.loomdns.config.ViewBlock;
import org.loomdns.config.ZoneBlock;
import org.loomdns.journal.Journals;
import org.loomdns.secondary.Secondaries;
import org.loomdns.secondary.SecondaryConfig;
import org.loomdns.secondary.TransferLimits;
import org.loomdns.tsig.TsigKeys;
import org.loomdns.update.PolicyLoadException;
import org.loomdns.update.UpdateAccess;
import org.loomdns.zone.ZoneFormat;
import org.loomdns.zone.ZoneHistory;
import org.loomdns.zone.ZoneLoadException;

/**
 * The zones one view serves (or, in a server without views, the zones everyone is served): their
 * files, their journals, the versions served, the zone blocks' settings and the secondary zones.
 * Each view keeps its own of each, so the same zone in two views is two zones, updated, journalled
 * and transferred apart.
 *
 * @param name the view's name; "" when the server has no views
 * @param clients whom the view answers; null when the server has no views
 */
record ZoneView(String name, Acl clients, ZoneCatalog catalog, Journals journals, ServedZones served,
    AtomicReference<ZoneSettings> perZone, UpdateAccess updates, Secondaries secondaries) {

  /** Zone files read and their journals replayed, not served yet (a signer may sign them first). */
  record Loaded(ZoneCatalog catalog, Journals journals, ZoneSet zones) {}

  /**
   * A view's zones loaded with their settings, not served yet: the signer signs them first.
   *
   * @param secondaryZones the view's secondary zones, transferred once it is served
   */
  record Pending(String name, Acl clients, Loaded loaded, ZoneSettings settings, UpdateAccess updates,
      List<SecondaryConfig> secondaryZones) {

    /**
     * The view serving its zones as {@code signed} (the zones, or them signed); its secondary
     * zones' copies kept in {@code secondaryDir}, in a directory of the view's name when it has one.
     */
    ZoneView serve(ZoneSet signed, ZoneHistory.Limits history, Path secondaryDir) {
      ServedZones served = new ServedZones(signed, history);
      Path dir = name.isEmpty() ? secondaryDir : secondaryDir.resolve(name);
      return new ZoneView(name, clients, loaded.catalog(), loaded.journals(), served, new AtomicReference<>(settings),
          updates, new Secondaries(secondaryZones, served, dir, TransferLimits.DEFAULT));
    }

    /** For a start that fails before the view is served. */
    void close() {
      settings.close();
      loaded.journals().close();
    }
  }

  /**
   * The views of a configuration file, each with its zones loaded; {@code o} must serve no zone
   * outside them (no {@code --bindzone}, {@code --pyzone}, {@code --secondary}).
   */
  static List<Pending> load(List<ViewBlock> blocks, ServeOptions o, TsigKeys keys) throws Serving.SetupException {
    if (!o.bindZones.isEmpty() || !o.pyZones.isEmpty() || !o.secondaries.isEmpty()) {
      throw new Serving.SetupException("--bindzone, --pyzone and --secondary cannot be given with "
          + "views (" + blocks.getFirst().where() + "): every zone is in a view's zone block", Main.USAGE);
    }
    List<Pending> views = new ArrayList<>();
    try {
      checkSharedFiles(blocks, !o.allowUpdate.isEmpty() || o.updatePolicy != null, o.dnssecKeys != null);
      for (ViewBlock b : blocks) {
        Acl clients = clients(b, keys);
        List<SecondaryConfig> secondaryZones = secondaries(b, keys);
        ZoneSettings settings = ZoneSettings.of(b.zones(), keys, o.notifyNs);
        UpdateAccess updates = Updates.access(o, keys, settings.policy());
        views.add(new Pending(b.name(), clients, load(settings.sources(), settings), settings, updates,
            secondaryZones));
      }
    } catch (ConfigException | PolicyLoadException e) {
      views.forEach(Pending::close);
      throw new Serving.SetupException(e.getMessage(), Main.FAILED);
    } catch (Serving.SetupException e) {
      views.forEach(Pending::close);
      throw e;
    }
    return views;
  }

  /**
   * {@code stage} of each view, as one stage that hands each request to its client's view; the
   * one stage itself when the server has no views.
   */
  static Resolver stage(String name, List<ZoneView> views, Function<ZoneView, Resolver> stage) {
    if (views.size() == 1 && views.getFirst().clients() == null) {
      return stage.apply(views.getFirst());
    }
    return new Views(name, views.stream().map(v -> new Views.View(v.name(), v.clients()::allows, stage.apply(v)))
        .toList());
  }

  /** Stops the secondaries' transfers and the zone blocks' notifiers, and closes the journals. */
  void close() {
    secondaries.close();
    perZone.get().close();
    journals.close();
  }

  /**
   * The zone files a view reads: its zone blocks', after the command line's {@code --bindzone}
   * and {@code --pyzone} when {@code commandLine} (a server without views).
   */
  static List<ZoneCatalog.Source> sources(ServeOptions o, boolean commandLine, ZoneSettings settings) {
    List<ZoneCatalog.Source> sources = new ArrayList<>();
    if (commandLine) {
      o.bindZones.forEach(p -> sources.add(new ZoneCatalog.Source(p, ZoneFormat.BIND)));
      o.pyZones.forEach(p -> sources.add(new ZoneCatalog.Source(p, ZoneFormat.GROOVY)));
    }
    sources.addAll(settings.sources());
    return sources;
  }

  /**
   * Reads {@code sources} with their journals, and checks each of {@code settings}' blocks names
   * the zone its file holds. A file that cannot be read is a {@link Serving.SetupException}.
   */
  static Loaded load(List<ZoneCatalog.Source> sources, ZoneSettings settings) throws Serving.SetupException {
    for (ZoneCatalog.Source s : sources) {
      if (!Files.isReadable(s.file())) {
        throw new Serving.SetupException(s.file() + ": " + (Files.exists(s.file()) ? "cannot read it" : "no such file"),
            Main.USAGE);
      }
    }
    ZoneCatalog catalog = new ZoneCatalog(sources);
    Journals journals = new Journals(Journals.Limits.DEFAULT);
    try {
      ZoneSet zones = PrimaryZones.recover(catalog, catalog.loadAll(), journals);
      settings.check(catalog, zones);
      return new Loaded(catalog, journals, zones);
    } catch (ZoneLoadException | ConfigException e) {
      throw new Serving.SetupException(e.getMessage(), Main.FAILED);
    }
  }

  /**
   * A view's {@code matchClients} as an access list: {@code any} and {@code none} as BIND reads them,
   * {@code localhost} (the loopback addresses), besides addresses, CIDRs and {@code key:NAME}.
   */
  static Acl clients(ViewBlock view, TsigKeys keys) throws ConfigException {
    List<String> entries = new ArrayList<>();
    for (String e : view.matchClients()) {
      switch (e.trim().toLowerCase(java.util.Locale.ROOT)) {
        case "any" -> entries.addAll(List.of("0.0.0.0/0", "::/0"));
        case "none" -> { }
        case "localhost" -> entries.addAll(List.of("127.0.0.0/8", "::1"));
        default -> entries.add(e);
      }
    }
    try {
      return Acl.parse(entries, keys, "view " + view.name() + ": matchClients");
    } catch (IllegalArgumentException e) {
      throw new ConfigException(view.where(), e.getMessage());
    }
  }

  /** A view's secondary zones, as the server reads them; a mistake at the view's line. */
  static List<SecondaryConfig> secondaries(ViewBlock view, TsigKeys keys) throws ConfigException {
    try {
      return SecondaryConfig.parse(view.secondaries(), keys);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(view.where(), "view " + view.name() + ": " + e.getMessage());
    }
  }

  /**
   * Two views may serve one zone file, each its own copy of the zone; but when updates or the
   * re-signer's serial bumps may reach it the two copies would write one journal, named after the
   * file, so that is refused.
   *
   * @param serverWide whether {@code --allow-update} or {@code --update-policy} allow updates to every zone
   * @param signed whether {@code --dnssec-keys} signs the zones online
   */
  static void checkSharedFiles(List<ViewBlock> views, boolean serverWide, boolean signed) throws ConfigException {
    Map<Path, ZoneBlock> first = new HashMap<>();
    Map<Path, String> firstView = new HashMap<>();
    for (ViewBlock v : views) {
      for (ZoneBlock z : v.zones()) {
        Path file = z.file().toAbsolutePath().normalize();
        ZoneBlock other = first.putIfAbsent(file, z);
        if (other == null) {
          firstView.put(file, v.name());
        } else if (signed || serverWide || updatable(z) || updatable(other)) {
          throw new ConfigException(z.where(), "view " + v.name() + ": zone " + z.name() + " has the file " + z.file()
              + " of view " + firstView.get(file) + " (" + other.where() + "), and " + (signed
              ? "--dnssec-keys signs it online" : "updates are allowed to it") + ": each view's copy keeps its own "
              + "journal, named after the file, so give each view a file of its own");
        }
      }
    }
  }

  private static boolean updatable(ZoneBlock z) {
    return !z.allowUpdate().isEmpty() || !z.policy().isEmpty();
  }
}
