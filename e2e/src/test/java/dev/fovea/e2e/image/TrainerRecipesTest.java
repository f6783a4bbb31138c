package dev.fovea.e2e.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fovea.e2e.scenario.Repository;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both trainer recipes share one runtime layout that writes nothing to the image filesystem: libtorch and the JNI glue
 * of the recipe's flavour unpacked at build time into the folder DJL loads in place, and no DJL cache on the image.
 * The CPU image is also built and run read-only by {@code BuiltImagesScenarioTest}; the CUDA image cannot be built
 * here (its base and libtorch are downloads, and there is no GPU), so this is what checks it.
 */
class TrainerRecipesTest {

    private static final Pattern JNI_EXTRACTION = Pattern.compile(
            "unzip .*pytorch-jni-\\*\\.jar '?\"?jnilib/linux-x86_64/([^/]+)/libdjl_torch\\.so'?\"? -d (\\S+)");
    /** The runtime layout: the same variables with the same meaning in both recipes. */
    private static final List<String> DJL_LAYOUT = List.of("PYTORCH_LIBRARY_PATH", "PYTORCH_VERSION", "PYTORCH_FLAVOR");

    @ParameterizedTest
    @ValueSource(strings = {"trainer-image/Dockerfile", "trainer-image/Dockerfile.cuda"})
    void djlLoadsLibtorchAndItsJniGlueInPlaceFromWhereTheBuildUnpackedThem(String file) throws IOException {
        Repository repository = Repository.find();
        Recipe recipe = Recipe.read(repository.resolve(file));

        assertThat(recipe.environment()).containsKeys(DJL_LAYOUT.toArray(String[]::new));
        String libraryPath = recipe.environment().get("PYTORCH_LIBRARY_PATH");
        String flavor = recipe.environment().get("PYTORCH_FLAVOR");
        Matcher extraction = JNI_EXTRACTION.matcher(recipe.expand(String.join("\n", recipe.runs())));
        assertThat(extraction.find())
                .as("%s unpacks libdjl_torch.so from pytorch-jni at build time", file)
                .isTrue();
        assertThat(recipe.expand(extraction.group(1))).isEqualTo(flavor);
        assertThat(extraction.group(2)).isEqualTo(libraryPath);
        try (ZipFile jni = new ZipFile(pytorchJni(repository).toFile())) {
            assertThat(jni.getEntry("jnilib/linux-x86_64/" + flavor + "/libdjl_torch.so"))
                    .as("pytorch-jni carries the %s flavour", flavor)
                    .isNotNull();
            assertThat(pytorchJni(repository).getFileName().toString())
                    .startsWith("pytorch-jni-" + recipe.environment().get("PYTORCH_VERSION") + "-");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"trainer-image/Dockerfile", "trainer-image/Dockerfile.cuda"})
    void nothingOnTheImageIsMadeWritableForTheRuntimeUser(String file) throws IOException {
        Recipe recipe = Recipe.read(Repository.find().resolve(file));

        assertThat(recipe.environment()).doesNotContainKeys("DJL_CACHE_DIR", "ENGINE_CACHE_DIR");
        assertThat(recipe.runs()).noneMatch(run -> run.contains("chown") || run.contains("chmod"));
        assertThat(recipe.from()).isEqualTo("${BASE_IMAGE}");
        assertThat(recipe.arguments().get("BASE_IMAGE")).isNotBlank();
    }

    @Test
    void theCudaRecipeSetsTheSameLayoutAsTheCpuRecipe() throws IOException {
        Repository repository = Repository.find();
        Recipe cpu = Recipe.read(repository.resolve("trainer-image/Dockerfile"));
        Recipe cuda = Recipe.read(repository.resolve("trainer-image/Dockerfile.cuda"));

        for (String variable : List.of("PYTORCH_LIBRARY_PATH", "PYTORCH_VERSION", "FOVEA_ML_ROOT")) {
            assertThat(cuda.environment().get(variable))
                    .as(variable)
                    .isEqualTo(cpu.environment().get(variable));
        }
        assertThat(cpu.environment().get("PYTORCH_FLAVOR")).isEqualTo("cpu");
        assertThat(cuda.environment().get("PYTORCH_FLAVOR")).isEqualTo("cu128");
    }

    private static Path pytorchJni(Repository repository) throws IOException {
        try (var files = java.nio.file.Files.list(repository.resolve("trainer-image/target/lib"))) {
            return files.filter(path -> path.getFileName().toString().startsWith("pytorch-jni-"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("package trainer-image first: no pytorch-jni jar"));
        }
    }
}
