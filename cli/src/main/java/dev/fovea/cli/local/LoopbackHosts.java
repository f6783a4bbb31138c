package dev.fovea.cli.local;

import dev.fovea.api.ObjectNames;
import dev.fovea.api.contract.ResourceConfigFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hosts of a local gang: SageMaker's names ({@code algo-1}, ...) with a free loopback port each for the exchange
 * and for progress. Where a cluster has {@code <job>-<k>.<job>-hosts.<ns>.svc:9090}, host k is
 * {@code 127.0.0.1:<its exchange port>}.
 */
record LoopbackHosts(List<String> names, List<Integer> exchangePorts, List<Integer> observePorts) {

    /** Where every host of a local gang listens. */
    static final String ADDRESS = "127.0.0.1";

    static LoopbackHosts pick(int count) {
        List<Integer> ports = FreePorts.pick(2 * count);
        List<String> names = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            names.add(ObjectNames.hostName(k));
        }
        return new LoopbackHosts(names, ports.subList(0, count), ports.subList(count, 2 * count));
    }

    int count() {
        return names.size();
    }

    /** Host {@code index}'s {@code resourceconfig.json}: itself as current host, every peer at its loopback port. */
    ResourceConfigFile resourceConfig(int index) {
        Map<String, String> addresses = new LinkedHashMap<>();
        for (int k = 0; k < count(); k++) {
            addresses.put(names.get(k), ADDRESS + ":" + exchangePorts.get(k));
        }
        return new ResourceConfigFile(names.get(index), names, addresses);
    }
}
