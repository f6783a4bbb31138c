package dev.fovea.trainer.exchange;

/**
 * Where this host's peers listen. In a cluster every address is fixed in {@code resourceconfig.json}; where hosts
 * share one machine, each binds a free port and learns the others' from its launcher, after its own server is bound.
 */
@FunctionalInterface
public interface PeerAddresses {

    /** The addresses as {@code resourceconfig.json} gives them. */
    PeerAddresses FIXED = (group, boundPort) -> group;

    /**
     * The group with every peer's address, once this host's exchange server listens on {@code boundPort}.
     *
     * @throws PeerLostException when the peers' addresses do not come in time
     */
    HostGroup afterBinding(HostGroup group, int boundPort);
}
