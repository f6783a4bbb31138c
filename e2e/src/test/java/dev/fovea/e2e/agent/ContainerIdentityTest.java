package dev.fovea.e2e.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerIdentityTest {

    private static final ContainerImage IMAGE_AS_10001 =
            new ContainerImage(Path.of("rootfs"), Map.of(), List.of(), List.of("train"), "/opt/ml", "10001:10001");

    @Test
    void theContainersSettingsWinOverThePodsAndThePodsOverTheImages() {
        Pod pod = pod(185L, 186L, 2000L);
        Container container = new ContainerBuilder()
                .withName("c")
                .withNewSecurityContext()
                .withRunAsUser(4242L)
                .withReadOnlyRootFilesystem(true)
                .withNewCapabilities()
                .withDrop("ALL")
                .endCapabilities()
                .endSecurityContext()
                .build();

        ContainerIdentity identity = ContainerIdentity.of(pod, container, IMAGE_AS_10001);

        assertThat(identity.uid()).isEqualTo(4242L);
        assertThat(identity.gid()).isEqualTo(186L);
        assertThat(identity.groups()).containsExactly(186L, 2000L);
        assertThat(identity.readOnlyRoot()).isTrue();
        assertThat(identity.noCapabilities()).isTrue();
    }

    @Test
    void withoutSecurityContextsTheImagesUserRunsWithAWritableRootAndTheRuntimesCapabilities() {
        ContainerIdentity identity = ContainerIdentity.of(
                pod(null, null, null), new ContainerBuilder().withName("c").build(), IMAGE_AS_10001);

        assertThat(identity.uid()).isEqualTo(10001L);
        assertThat(identity.groups()).containsExactly(10001L);
        assertThat(identity.readOnlyRoot()).isFalse();
        assertThat(identity.noCapabilities()).isFalse();
    }

    @Test
    void runAsNonRootRefusesAnImageThatRunsAsRoot() {
        ContainerImage asRoot = new ContainerImage(Path.of("rootfs"), Map.of(), List.of(), List.of(), "/", "");
        Container container = new ContainerBuilder()
                .withName("c")
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .endSecurityContext()
                .build();

        assertThatThrownBy(() -> ContainerIdentity.of(pod(null, null, null), container, asRoot))
                .hasMessageContaining("runAsNonRoot")
                .hasMessageContaining("would run as root");
    }

    @Test
    void addedCapabilitiesAreRefusedNotIgnored() {
        Container container = new ContainerBuilder()
                .withName("c")
                .withNewSecurityContext()
                .withNewCapabilities()
                .withAdd("NET_ADMIN")
                .endCapabilities()
                .endSecurityContext()
                .build();

        assertThatThrownBy(() -> ContainerIdentity.of(pod(null, null, null), container, IMAGE_AS_10001))
                .hasMessageContaining("NET_ADMIN");
    }

    private static Pod pod(Long runAsUser, Long runAsGroup, Long fsGroup) {
        return new PodBuilder()
                .withNewMetadata()
                .withName("p")
                .endMetadata()
                .withNewSpec()
                .withNewSecurityContext()
                .withRunAsUser(runAsUser)
                .withRunAsGroup(runAsGroup)
                .withFsGroup(fsGroup)
                .endSecurityContext()
                .endSpec()
                .build();
    }
}
