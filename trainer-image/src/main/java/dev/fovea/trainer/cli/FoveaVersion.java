package dev.fovea.trainer.cli;

import picocli.CommandLine;

/** The version printed by {@code fovea --version}, taken from the jar's manifest. */
public final class FoveaVersion implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = FoveaVersion.class.getPackage().getImplementationVersion();
        return new String[] {"fovea " + (version == null ? "(development build)" : version)};
    }
}
