package dev.fovea.e2e.agent;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.ArrayList;
import java.util.List;

/**
 * What a container runs as under its pod's security context, merged as the kubelet does (the container's fields win
 * over the pod's, the image's {@code USER} fills in): user, group, supplementary groups (fsGroup included), whether the
 * root filesystem is read-only and whether every capability is dropped. Settings this machine cannot honour are
 * refused, never ignored.
 */
record ContainerIdentity(long uid, long gid, List<Long> groups, boolean readOnlyRoot, boolean noCapabilities) {

    static ContainerIdentity of(Pod pod, Container container, ContainerImage image) {
        PodSecurityContext podContext = pod.getSpec().getSecurityContext() == null
                ? new PodSecurityContext()
                : pod.getSpec().getSecurityContext();
        SecurityContext own =
                container.getSecurityContext() == null ? new SecurityContext() : container.getSecurityContext();
        String[] imageUser =
                image.user().isEmpty() ? new String[] {"0"} : image.user().split(":", 2);
        long uid = first(own.getRunAsUser(), podContext.getRunAsUser(), numeric(imageUser[0], "USER"));
        long gid = first(
                own.getRunAsGroup(),
                podContext.getRunAsGroup(),
                imageUser.length == 2 ? numeric(imageUser[1], "USER's group") : uid);
        boolean nonRoot = Boolean.TRUE.equals(own.getRunAsNonRoot())
                || (own.getRunAsNonRoot() == null && Boolean.TRUE.equals(podContext.getRunAsNonRoot()));
        if (nonRoot && uid == 0) {
            throw new IllegalStateException("container " + container.getName()
                    + " has runAsNonRoot and would run as root (CreateContainerConfigError)");
        }
        List<Long> groups = new ArrayList<>(List.of(gid));
        if (podContext.getFsGroup() != null) {
            groups.add(podContext.getFsGroup());
        }
        if (podContext.getSupplementalGroups() != null) {
            groups.addAll(podContext.getSupplementalGroups());
        }
        Capabilities capabilities = own.getCapabilities();
        if (capabilities != null
                && capabilities.getAdd() != null
                && !capabilities.getAdd().isEmpty()) {
            throw new IllegalStateException("the local container runtime grants no capabilities: container "
                    + container.getName() + " adds " + capabilities.getAdd());
        }
        boolean dropsAll = capabilities != null
                && capabilities.getDrop() != null
                && capabilities.getDrop().contains("ALL");
        return new ContainerIdentity(
                uid,
                gid,
                groups.stream().distinct().toList(),
                Boolean.TRUE.equals(own.getReadOnlyRootFilesystem()),
                dropsAll);
    }

    private static long first(Long containerValue, Long podValue, long imageValue) {
        return containerValue != null ? containerValue : podValue != null ? podValue : imageValue;
    }

    private static long numeric(String id, String what) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException named) {
            throw new IllegalStateException("the image's " + what + " is a name (" + id
                    + "): the local container runtime needs numeric ids, as runAsNonRoot does");
        }
    }
}
