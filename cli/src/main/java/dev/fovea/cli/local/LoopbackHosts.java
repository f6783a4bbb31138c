package dev.fovea.cli.local;

import dev.fovea.api.ObjectNames;
import dev.fovea.api.contract.ResourceConfigFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hosts of a local gang: SageMaker's names ({@code algo-1}, ...), each listening on loopback at a port it binds
 * itself. Where a cluster has {@code <job>-<k>.<job>-hosts.<ns>.svc:9090}, host k is {@code 127.0.0.1:0} until it
 * reports the port it got, then {@code 127.0.0.1:<that port>} ({@link ResourceConfigFile}'s rendezvous).
 */
record LoopbackHosts(List<String> names) {

    /** Where every host of a local gang listens. */
    static final String ADDRESS = "127.0.0.1";

    static LoopbackHosts of(int count) {
        List<String> names = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            names.add(ObjectNames.hostName(k));
        }
        return new LoopbackHosts(names);
    }

    int count() {
        return names.size();
    }

    /** Host {@code index}'s {@code resourceconfig.json} before the rendezvous: every peer on loopback, port 0. */
    ResourceConfigFile resourceConfig(int index) {
        Map<String, String> addresses = new LinkedHashMap<>();
        for (String name : names) {
            addresses.put(name, ADDRESS + ":" + ResourceConfigFile.PORT_TO_BE_PUBLISHED);
        }
        return new ResourceConfigFile(names.get(index), names, addresses);
    }
}
