package dev.fovea.operator.dependent;

import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;

/**
 * The security contexts of every pod Fovea runs from the trainer image — trainer hosts, their fetch init containers
 * and serving pods: the Pod Security Standards' "restricted" profile.
 */
public final class PodSecurity {

    /** The uid and gid the trainer images create their {@code fovea} user with (trainer-image/Dockerfile*). */
    private static final long NON_ROOT_UID = 10001L;

    private PodSecurity() {}

    /** Runs as the image's non-root user, files group-owned by it, with the runtime's seccomp profile. */
    public static PodSecurityContext pod() {
        return new PodSecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withRunAsUser(NON_ROOT_UID)
                .withRunAsGroup(NON_ROOT_UID)
                .withFsGroup(NON_ROOT_UID)
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .build();
    }

    /** Non-root, read-only root filesystem, no privilege escalation, no capabilities, the runtime's seccomp profile. */
    public static SecurityContext container() {
        return new SecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withReadOnlyRootFilesystem(true)
                .withAllowPrivilegeEscalation(false)
                .withNewCapabilities()
                .withDrop("ALL")
                .endCapabilities()
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .build();
    }
}
