package dev.fovea.operator;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import jakarta.inject.Singleton;

/**
 * Only one operator replica reconciles at a time; the others wait on the Lease in the operator's namespace. QOSDK
 * activates it for the profiles in {@code quarkus.operator-sdk.activate-leader-election-for-profiles} (prod).
 */
@Singleton
public class LeaderElection extends LeaderElectionConfiguration {

    public static final String LEASE_NAME = "fovea-operator-leader";

    public LeaderElection() {
        super(LEASE_NAME);
    }
}
