package dev.fovea.trainer.exchange.transport;

/** What a stream connection carries; each host opens at most one stream of each purpose to each peer. */
public enum StreamPurpose {
    /** dist_sync: this host's ring all-reduce data to its successor in the ring. */
    RING,
    /** dist_async: this host's pushes and pulls to the shard server of the peer, and that server's answers. */
    SHARD
}
