package io.lvmops.cli;

import picocli.CommandLine;

/** The version recorded in the jar's manifest at build time. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = LvmopsCommand.class.getPackage().getImplementationVersion();
        return new String[] {"lvmops " + (v == null ? "development build" : v)};
    }
}
