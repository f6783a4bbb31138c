package dev.fovea.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fovea.trainer.model.mxnet.MxNetSymbol;
import dev.fovea.trainer.model.mxnet.SymbolComparison;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Fovea's network, exported, is SageMaker's own symbol: the ResNet-50 for 2 classes a real SageMaker job wrote. */
class SageMakerResNetSymbolTest {

    @ParameterizedTest(name = "ResNet-50, 2 classes, 3x{0}x{1}")
    @CsvSource({"180, 320", "224, 224"})
    void resNet50ForTwoClassesIsSageMakersSymbolNodeByNode(int height, int width) {
        ObjectNode ours = SageMakerResNet.build(50, 2, new Shape(3, height, width))
                .symbol()
                .json();
        ObjectNode sageMakers = SageMakerFixture.symbolJson();

        JsonNode ourNodes = ours.get("nodes");
        JsonNode theirNodes = sageMakers.get("nodes");
        assertThat(theirNodes).hasSize(437);
        for (int i = 0; i < theirNodes.size(); i++) {
            JsonNode theirs = theirNodes.get(i);
            assertThat(ourNodes.get(i))
                    .as(
                            "node %d (%s %s)",
                            i, theirs.get("op").asText(), theirs.get("name").asText())
                    .isEqualTo(theirs);
        }
        assertThat(ourNodes).hasSameSizeAs(theirNodes);
        for (String field : new String[] {"arg_nodes", "node_row_ptr", "heads", "attrs"}) {
            assertThat(ours.get(field)).as(field).isEqualTo(sageMakers.get(field));
        }
        assertThat(ours).isEqualTo(sageMakers);
    }

    @Test
    void theSymbolFileReadsBackAsWritten(@TempDir Path directory) throws IOException {
        MxNetSymbol symbol = SageMakerResNet.build(18, 5, new Shape(3, 64, 64)).symbol();
        Path file = directory.resolve("net-symbol.json");

        symbol.write(file);

        assertThat(MxNetSymbol.read(file).json()).isEqualTo(symbol.json());
    }

    @Test
    void theComparisonAcceptsSageMakersSymbolAndNamesTheFirstOperatorThatDiffers() throws IOException {
        MxNetSymbol ours = SageMakerResNet.build(50, 2, new Shape(3, 180, 320)).symbol();
        assertThat(SymbolComparison.firstDifference(ours, SageMakerFixture.symbol()))
                .isEmpty();

        ObjectNode changed = SageMakerFixture.symbolJson();
        for (JsonNode node : changed.get("nodes")) {
            if (node.get("name").asText().equals("stage3_unit2_conv2")) {
                ((ObjectNode) node.get("attrs")).put("stride", "(2, 2)");
            }
        }
        assertThat(SymbolComparison.firstDifference(ours, MxNetSymbol.parse(changed.toString())))
                .hasValueSatisfying(difference -> assertThat(difference)
                        .contains("Convolution 'stage3_unit2_conv2'")
                        .contains("stride=(2, 2)")
                        .contains("stride=(1, 1)"));
        assertThat(SymbolComparison.firstDifference(
                        SageMakerResNet.build(101, 2, new Shape(3, 180, 320)).symbol(), SageMakerFixture.symbol()))
                .hasValueSatisfying(difference -> assertThat(difference).contains("stage3_unit7"));
    }
}
